"""Permission matrix rows for the relationship toolkit's rounds pages."""

ROWS: dict = {}
