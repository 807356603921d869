"""Permission matrix rows for the needs gaps pages."""

ROWS: dict = {}
