"""The search index: one document per listed service, and the database's own full-text index over it.

The full-text part is vendor-specific and outside the ORM: on SQLite an FTS5 table kept in step with
the documents by triggers; on PostgreSQL a tsvector column set by a trigger, with a GIN index, and
the sort column compared byte by byte (COLLATE "C") so that ties order as they do on SQLite.

SQLite drops a table's triggers when Django rebuilds the table; a later migration that alters
SearchDocument on SQLite must run SQLITE_TRIGGERS again.
"""

from django.db import migrations, models
import django.db.models.deletion

TABLE = "directory_searchdocument"
COLUMNS = "name_words, term_words, organisation_words, description_words"

SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5({COLUMNS}, content='{TABLE}', content_rowid='id', "
    "tokenize='ascii', detail='column')",
]
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {TABLE}_fts(rowid, {COLUMNS}) VALUES "
    "(new.id, new.name_words, new.term_words, new.organisation_words, new.description_words); END",
    f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {COLUMNS}) VALUES "
    "('delete', old.id, old.name_words, old.term_words, old.organisation_words, old.description_words); END",
    f"CREATE TRIGGER {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {TABLE}_fts({TABLE}_fts, rowid, {COLUMNS}) VALUES "
    "('delete', old.id, old.name_words, old.term_words, old.organisation_words, old.description_words); "
    f"INSERT INTO {TABLE}_fts(rowid, {COLUMNS}) VALUES "
    "(new.id, new.name_words, new.term_words, new.organisation_words, new.description_words); END",
]
SQLITE_REVERSE = [f"DROP TRIGGER {TABLE}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE {TABLE}_fts"]


def _weighted(column: str, weight: str) -> str:
    # The words are plain [a-z0-9]+ already: each becomes a lexeme as it is, with no parser involved.
    return fr"setweight(regexp_replace(NEW.{column}, '(\S+)', '\1:1', 'g')::tsvector, '{weight}')"


POSTGRESQL = [
    f'ALTER TABLE {TABLE} ALTER COLUMN sort_name TYPE varchar(200) COLLATE "C"',
    f"ALTER TABLE {TABLE} ADD COLUMN vector tsvector",
    f"CREATE FUNCTION {TABLE}_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.vector := "
    + " || ".join(_weighted(c, w) for c, w in [("name_words", "A"), ("term_words", "B"),
                                                ("organisation_words", "C"), ("description_words", "D")])
    + "; RETURN NEW; END $$",
    f"CREATE TRIGGER {TABLE}_vector BEFORE INSERT OR UPDATE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_vector()",
    f"CREATE INDEX {TABLE}_vector_gin ON {TABLE} USING gin (vector)",
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER {TABLE}_vector ON {TABLE}", f"DROP FUNCTION {TABLE}_vector()",
                      f"ALTER TABLE {TABLE} DROP COLUMN vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0002_unmet_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("sort_name", models.CharField(max_length=200)),
                ("name_words", models.TextField(blank=True)),
                ("term_words", models.TextField(blank=True)),
                ("organisation_words", models.TextField(blank=True)),
                ("description_words", models.TextField(blank=True)),
                ("minimum_age", models.PositiveSmallIntegerField(null=True)),
                ("maximum_age", models.PositiveSmallIntegerField(null=True)),
                ("free", models.BooleanField()),
                ("in_person", models.BooleanField()),
                ("online", models.BooleanField()),
                ("by_phone", models.BooleanField()),
                ("accepting", models.BooleanField(help_text="Active and accepting referrals.")),
                ("days", models.PositiveSmallIntegerField(help_text="One bit per weekday with a schedule, Monday = 1.")),
                ("languages", models.CharField(help_text="Language codes between spaces, like ' en pl '.", max_length=500)),
                ("family_hub", models.BooleanField()),
                ("areas", models.TextField(help_text="GSS codes of the service's and organisation's areas between spaces; empty when none are recorded.")),
                ("service", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="search_document", to="directory.service")),
            ],
            options={
                "indexes": [models.Index(fields=["sort_name", "service"], name="directory_search_sort_idx")],
            },
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_FTS + SQLITE_TRIGGERS, "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})),
    ]
