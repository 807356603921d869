"""Permission matrix rows for the needs intelligence pages."""

ROWS: dict = {}
