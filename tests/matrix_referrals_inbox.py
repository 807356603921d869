"""Permission matrix rows for the referral inbox pages."""

ROWS: dict = {}
