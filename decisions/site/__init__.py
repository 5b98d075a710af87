"""The public site: dashboards, meetings, decisions, actions, parties, themes, the grid, search, exports and
feeds. Views are thin: they read through `decisions.reporting` and `decisions.visibility` and render."""
