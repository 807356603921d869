"""LIOs' spreadsheet onboarding (CSV/XLSX template, check every row, confirm, import) and CSV/XLSX exports."""
