"""Interchange: the directory in and out of Kith in Open Referral UK 3.0 and spreadsheets — the
public ORUK read API and its OpenAPI document, imports of ORUK feeds with provenance and an honest
report, LIOs' spreadsheet onboarding, and exports of the whole directory (ORUK JSON, CSV, XLSX)."""
