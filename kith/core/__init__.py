"""Core: what every domain app shares — the audit trail (Event), base templates and GOV.UK form
rendering, settings helpers and error pages. Core knows no domain app."""
