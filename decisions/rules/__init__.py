"""Pure domain rules: statuses, periods, folding, spreadsheet cells, Markdown. No ORM queries."""
