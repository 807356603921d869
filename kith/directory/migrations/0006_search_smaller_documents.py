"""Search documents, smaller: on PostgreSQL the tsvectors keep no word positions (nothing reads
them), and needs are named in facets by half their id. A smaller table is read faster at scale.

The documents are emptied and written again after migrating (index.build_if_empty).
"""

from django.db import migrations

TABLE = "directory_searchdocument"
VECTORS = {
    "vector_a": ["name_words"],
    "vector_ab": ["name_words", "term_words"],
    "vector_abc": ["name_words", "term_words", "organisation_words"],
    "vector": ["name_words", "term_words", "organisation_words", "description_words"],
    "vector_facets": ["facets"],
}


def _function(strip: bool) -> str:
    def lexemes(columns):
        vector = (fr"regexp_replace(concat_ws(' ', {', '.join(f'NEW.{c}' for c in columns)}), '(\S+)', '\1:1', 'g')"
                  "::tsvector")
        return f"strip({vector})" if strip else vector
    return (f"CREATE OR REPLACE FUNCTION {TABLE}_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + " ".join(f"NEW.{column} := {lexemes(columns)};" for column, columns in VECTORS.items())
            + " RETURN NEW; END $$")


def _empty(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"TRUNCATE directory_searchplace, {TABLE}", params=None)
    else:
        # Through the triggers, so that the FTS5 table is emptied too.
        schema_editor.execute("DELETE FROM directory_searchplace", params=None)
        schema_editor.execute(f"DELETE FROM {TABLE}", params=None)


def _postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0005_search_freshness"),
    ]

    operations = [
        migrations.RunPython(_empty, _empty),
        migrations.RunPython(_postgresql(_function(strip=True)), _postgresql(_function(strip=False))),
    ]
