"""The vendored ORUK schemas are the specification's, unchanged (checked when the standards sit beside the repository)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from kith.interchange.api import schemas

SHARED_SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "standards" / "oruk-3.0" / "schema"


@pytest.mark.skipif(not SHARED_SCHEMAS.is_dir(), reason=f"No ORUK standards at {SHARED_SCHEMAS}: nothing to compare with")
@pytest.mark.parametrize("name", schemas.names())
def test_vendored_copy_equals_the_specification(name):
    assert (schemas.SCHEMA_DIR / f"{name}.json").read_bytes() == (SHARED_SCHEMAS / f"{name}.json").read_bytes()


def test_every_reference_of_the_vendored_schemas_is_vendored():
    def refs(value):
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                yield value["$ref"]
            for inner in value.values():
                yield from refs(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from refs(inner)

    vendored = {schemas.schema_url(name) for name in schemas.names()}
    for name in schemas.names():
        assert set(refs(schemas.load(name))) <= vendored, name
    assert {"service", "service_list", "api_details", "organization", "taxonomy_term"} <= set(schemas.names())
