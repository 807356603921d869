"""Permission matrix rows for the indicator upload and saved view pages.

The indicator list and example file are open data, like the maps. Uploading indicators and saving views
is for those who read the whole sector: council officers, LIO staff and administrators; a saved view is
deleted by whoever saved it, or by LIO staff and administrators.
"""

from .matrix import EVERYONE, Row

SECTOR_READERS = frozenset({"council_officer", "lio_staff", "administrator"})

ROWS: dict[str, Row] = {
    "needs:indicators": Row(lambda r: "/needs/indicators/", read=EVERYONE),
    "needs:indicator_example": Row(lambda r: "/needs/indicators/example.csv", read=EVERYONE),
    "needs:indicator_upload": Row(lambda r: "/needs/indicators/upload/", read=SECTOR_READERS, change=SECTOR_READERS),
}
ROWS.update({
    "needs:saved_list": Row(lambda r: "/needs/saved/", read=SECTOR_READERS),
    "needs:saved_new": Row(lambda r: "/needs/saved/new/?address=/needs/", read=SECTOR_READERS, change=SECTOR_READERS),
    # Saved by the council officer: they, LIO staff and administrators may delete it (after a confirmation page).
    "needs:saved_delete": Row(lambda r: f"/needs/saved/{r['saved_view'].pk}/delete/", read=SECTOR_READERS,
                              change=SECTOR_READERS),
})


def records(records, people):
    from kith.needs.models import SavedView

    saved = SavedView.objects.create(name="Matrix view", address="/needs/", created_by=people["council_officer"])
    return {"saved_view": saved}
