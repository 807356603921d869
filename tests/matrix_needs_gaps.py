"""Permission matrix rows for the needs gaps pages: open data and the public directory, so everyone may read."""

from .matrix import EVERYONE, Row

ROWS: dict[str, Row] = {
    "needs:gaps": Row(lambda r: "/needs/gaps/", read=EVERYONE),
}
