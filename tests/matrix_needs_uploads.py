"""Permission matrix rows for the indicator upload and saved view pages.

The indicator list and example file are open data, like the maps. Uploading indicators and saving views
is for those who read the whole sector: council officers, LIO staff and administrators; a saved view is
deleted by whoever saved it, or by LIO staff and administrators.
"""

from .matrix import EVERYONE, LIO_AND_ADMIN, Row

SECTOR_READERS = frozenset({"council_officer", "lio_staff", "administrator"})

ROWS: dict[str, Row] = {
    "needs:indicators": Row(lambda r: "/needs/indicators/", read=EVERYONE),
    "needs:indicator_example": Row(lambda r: "/needs/indicators/example.csv", read=EVERYONE),
    "needs:indicator_upload": Row(lambda r: "/needs/indicators/upload/", read=SECTOR_READERS, change=SECTOR_READERS),
}
