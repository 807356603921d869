"""Permission matrix rows for the public ORUK 3.0 API and its OpenAPI document."""

from .matrix import EVERYONE, LIO_AND_ADMIN, NOBODY, Row  # noqa: F401

ROWS: dict[str, Row] = {}
