"""Reads behind the public pages, the exports and the feeds: dashboards, the grid, lists and "status as of a
date". Each function starts from `decisions.selectors.visibility`, so a reader only ever counts what they may see."""
