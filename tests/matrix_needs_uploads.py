"""Permission matrix rows for the indicator upload and saved view pages."""

ROWS: dict = {}
