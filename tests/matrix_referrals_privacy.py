"""Permission matrix rows for the referral privacy pages."""

ROWS: dict = {}
