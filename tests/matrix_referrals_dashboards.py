"""Permission matrix rows for the referral dashboards pages."""

ROWS: dict = {}
