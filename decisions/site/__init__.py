"""The public site: dashboards, meetings, decisions, actions, parties, themes, the grid, search, exports and
feeds. Views are thin: they read through `decisions.selectors.pages` and `decisions.selectors.visibility` and render."""
