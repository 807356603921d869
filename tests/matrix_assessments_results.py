"""Permission matrix rows for the relationship toolkit's results pages."""

ROWS: dict = {}
