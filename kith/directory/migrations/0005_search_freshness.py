"""Search documents: within a relevance tier, the most recently confirmed service first.

In name order, services named alike are side by side, so a word that begins their names is found
only after reading every name before it; when the service was confirmed has nothing to do with
its words. The documents are emptied and written again after migrating (index.build_if_empty).
On SQLite the table is rebuilt, which drops its triggers: they are made again.
"""

from django.db import migrations, models

TABLE = "directory_searchdocument"
COLUMNS = ["name_words", "term_words", "organisation_words", "description_words", "facets"]


def _sqlite_triggers() -> list[str]:
    columns, new, old = ", ".join(COLUMNS), ", ".join(f"new.{c}" for c in COLUMNS), ", ".join(f"old.{c}" for c in COLUMNS)
    return [
        f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts(rowid, {columns}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {TABLE}_fts(rowid, {columns}) VALUES (new.id, {new}); END",
    ]


SQLITE_DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {TABLE}_{t}" for t in ("ai", "ad", "au")]


def _empty(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Deleted rows would leave foreign key checks pending, and the table could not be altered.
        schema_editor.execute(f"TRUNCATE directory_searchplace, {TABLE}", params=None)
    else:
        # Through the triggers, so that the FTS5 table is emptied too; places first, as they refer
        # to documents.
        schema_editor.execute("DELETE FROM directory_searchplace", params=None)
        schema_editor.execute(f"DELETE FROM {TABLE}", params=None)


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0004_search_facets_and_tiers"),
    ]

    operations = [
        migrations.RunPython(_empty, _empty),
        migrations.RunPython(_sqlite(SQLITE_DROP_TRIGGERS), _sqlite(_sqlite_triggers())),
        migrations.RemoveIndex(model_name="searchdocument", name="directory_search_sort_idx"),
        migrations.RemoveField(model_name="searchdocument", name="sort_name"),
        # Undoing: the old column comes back on an empty table.
        migrations.RunPython(migrations.RunPython.noop, _empty),
        migrations.AddField(model_name="searchdocument", name="freshness", field=models.BigIntegerField(default=0)),
        migrations.AddIndex(model_name="searchdocument",
                            index=models.Index(fields=["-freshness", "service"], name="directory_search_fresh_idx")),
        migrations.RunPython(_sqlite(_sqlite_triggers()), _sqlite(SQLITE_DROP_TRIGGERS)),
    ]
