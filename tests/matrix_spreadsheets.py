"""Permission matrix rows for spreadsheet onboarding, the imports page and exports."""

from .matrix import EVERYONE, LIO_AND_ADMIN, NOBODY, Row  # noqa: F401

ROWS: dict[str, Row] = {}
