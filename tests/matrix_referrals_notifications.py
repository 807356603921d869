"""Permission matrix rows for the referral notifications pages."""

ROWS: dict = {}
