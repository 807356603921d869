"""Search documents: filters answered as facets through the full-text index, on PostgreSQL a
tsvector for each relevance tier, and the places where services are found, for distance.

PostgreSQL's planner estimates how many documents a condition keeps from each column's
statistics. Weights inside one tsvector, or a bit mask of days, give it nothing to go on, and it
would read a whole table in name order looking for a few rows. With a tsvector for each tier and
one for the facets, it knows how rare each word and facet is.

The documents are emptied here and written again after migrating (index.build_if_empty). On SQLite
the FTS5 table gains the facets column, and the triggers, which the table rebuild drops, are made again.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "directory_searchdocument"
OLD_COLUMNS = "name_words, term_words, organisation_words, description_words"
COLUMNS = OLD_COLUMNS + ", facets"


def _sqlite_index(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    return [
        f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5({columns}, content='{TABLE}', content_rowid='id', "
        "tokenize='ascii', detail='column')",
        f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts(rowid, {columns}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN "
        f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {columns}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {TABLE}_fts(rowid, {columns}) VALUES (new.id, {new}); END",
    ]


SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE {TABLE}_fts"]

VECTORS = {
    "vector_a": ["name_words"],
    "vector_ab": ["name_words", "term_words"],
    "vector_abc": ["name_words", "term_words", "organisation_words"],
    "vector": ["name_words", "term_words", "organisation_words", "description_words"],
    "vector_facets": ["facets"],
}


def _lexemes(columns: list[str]) -> str:
    # The words are plain [a-z0-9]+ already: each becomes a lexeme as it is, with no parser involved.
    return fr"regexp_replace(concat_ws(' ', {', '.join(f'NEW.{c}' for c in columns)}), '(\S+)', '\1:1', 'g')::tsvector"


PLACE = "directory_searchplace"
PLACE_VECTORS = ["vector", "vector_facets"]
POSTGRESQL_PLACES = [
    *[f"ALTER TABLE {PLACE} ADD COLUMN {column} tsvector" for column in PLACE_VECTORS],
    f'ALTER TABLE {PLACE} ALTER COLUMN sort_name TYPE varchar(200) COLLATE "C"',
    # A place is written just after its document, and both are written afresh together.
    f"CREATE FUNCTION {PLACE}_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"SELECT {', '.join(PLACE_VECTORS)} INTO {', '.join(f'NEW.{c}' for c in PLACE_VECTORS)} "
    f"FROM {TABLE} WHERE id = NEW.document_id; RETURN NEW; END $$",
    f"CREATE TRIGGER {PLACE}_vector BEFORE INSERT ON {PLACE} FOR EACH ROW EXECUTE FUNCTION {PLACE}_vector()",
    *[f"CREATE INDEX {PLACE}_{column}_gin ON {PLACE} USING gin ({column})" for column in PLACE_VECTORS],
]
POSTGRESQL_PLACES_REVERSE = [f"DROP TRIGGER {PLACE}_vector ON {PLACE}", f"DROP FUNCTION {PLACE}_vector()"]

POSTGRESQL = [
    *[f"ALTER TABLE {TABLE} ADD COLUMN {column} tsvector" for column in VECTORS if column != "vector"],
    f"CREATE OR REPLACE FUNCTION {TABLE}_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    + " ".join(f"NEW.{column} := {_lexemes(columns)};" for column, columns in VECTORS.items()) + " RETURN NEW; END $$",
    f"DROP INDEX {TABLE}_vector_gin",
    *[f"CREATE INDEX {TABLE}_{column}_gin ON {TABLE} USING gin ({column})" for column in VECTORS],
]
POSTGRESQL_REVERSE = [
    *[f"DROP INDEX {TABLE}_{column}_gin" for column in VECTORS],
    *[f"ALTER TABLE {TABLE} DROP COLUMN {column}" for column in VECTORS if column != "vector"],
    f"CREATE INDEX {TABLE}_vector_gin ON {TABLE} USING gin (vector)",
]


def _empty(apps, schema_editor):
    # Through the triggers on SQLite, so that the FTS5 table is emptied too.
    schema_editor.execute(f"DELETE FROM {TABLE}", params=None)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


REMOVED = ["free", "in_person", "online", "by_phone", "accepting", "days", "languages", "family_hub", "areas"]


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_search_document"),
    ]

    operations = [
        migrations.RunPython(_empty, _empty),
        migrations.RunPython(_run({"sqlite": SQLITE_DROP}), _run({"sqlite": _sqlite_index(OLD_COLUMNS)})),
        *[migrations.RemoveField(model_name="searchdocument", name=name) for name in REMOVED],
        # Undoing: the old columns come back on an empty table.
        migrations.RunPython(migrations.RunPython.noop, _empty),
        migrations.AddField(model_name="searchdocument", name="facets", field=models.TextField(blank=True)),
        migrations.RunPython(_run({"sqlite": _sqlite_index(COLUMNS), "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_REVERSE})),
        migrations.CreateModel(
            name="SearchPlace",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                ("family_hub", models.BooleanField()),
                ("sort_name", models.CharField(max_length=200)),
                ("minimum_age", models.PositiveSmallIntegerField(null=True)),
                ("maximum_age", models.PositiveSmallIntegerField(null=True)),
                ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="places",
                                               to="directory.searchdocument")),
                ("service", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                              to="directory.service")),
            ],
            options={
                "indexes": [models.Index(fields=["latitude", "longitude"], name="directory_place_point_idx")],
            },
        ),
        migrations.RunPython(_run({"postgresql": POSTGRESQL_PLACES}), _run({"postgresql": POSTGRESQL_PLACES_REVERSE})),
    ]
