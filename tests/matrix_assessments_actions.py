"""Permission matrix rows for the relationship toolkit's actions pages."""

ROWS: dict = {}
