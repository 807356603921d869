"""The ORUK 3.0 JSON schemas, vendored in data/oruk-3.0, found by their published URLs without the network."""

import functools
import json
from pathlib import Path

from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "data" / "oruk-3.0"
BASE_URL = "https://openreferraluk.org/specifications/3.0/schema/"


def schema_url(name: str) -> str:
    return f"{BASE_URL}{name}.json"


@functools.cache
def load(name: str) -> dict:
    """One vendored schema by name, like "service"."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text())


def names() -> list[str]:
    return sorted(path.stem for path in SCHEMA_DIR.glob("*.json"))


def _refuse(uri: str):
    # Every schema the documents refer to is vendored; anything else is a mistake, never a download.
    raise NoSuchResource(ref=uri)


@functools.cache
def registry() -> Registry:
    """Every vendored schema under its published URL; any other reference fails rather than being fetched."""
    resources = [(schema_url(name), Resource.from_contents(load(name), default_specification=DRAFT202012))
                 for name in names()]
    return Registry(retrieve=_refuse).with_resources(resources)
