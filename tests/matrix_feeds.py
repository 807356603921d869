"""Permission matrix rows for ORUK feed imports."""

from .matrix import EVERYONE, LIO_AND_ADMIN, NOBODY, Row  # noqa: F401

ROWS: dict[str, Row] = {}
