"""Every write to the decision record goes through a function here: admin, views, API and commands alike."""
