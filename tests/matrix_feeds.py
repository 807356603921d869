"""Permission matrix rows for ORUK feed imports: LIO staff and administrators only."""

from .matrix import LIO_AND_ADMIN, Row

ROWS: dict[str, Row] = {
    "interchange:feed_list": Row(lambda r: "/imports/feeds/", read=LIO_AND_ADMIN),
    "interchange:feed_import": Row(lambda r: "/imports/feeds/new/", read=LIO_AND_ADMIN, change=LIO_AND_ADMIN),
    "interchange:feed_detail": Row(lambda r: f"/imports/feeds/{r['feed'].pk}/", read=LIO_AND_ADMIN),
    # The feed's address is a closed local port: the import fails cleanly and writes nothing.
    "interchange:feed_reimport": Row(lambda r: f"/imports/feeds/{r['feed'].pk}/import/", change=LIO_AND_ADMIN, post_only=True),
    "interchange:feed_run": Row(lambda r: f"/imports/feeds/runs/{r['feed_run'].pk}/", read=LIO_AND_ADMIN),
}


def records(records, people):
    from kith.interchange.feeds import importer

    feed = importer.feed_for(source="http://127.0.0.1:9/api/oruk", is_url=True, name="Matrix feed")
    return {"feed": feed, "feed_run": importer.new_run(feed)}
