"""Loading Kith's relationship framework from its data file.

The file seeds the framework once; afterwards administrators own it in the admin, so a principle already in
the database is left exactly as they edited it (loading again never undoes their edits or duplicates a
statement whose wording they changed)."""
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..models import Element, Principle, Statement

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "framework.json"


class FrameworkFileError(ValueError):
    pass


@dataclass
class LoadResult:
    principles_created: int = 0
    principles_kept: int = 0
    statements_created: int = 0


def read_framework(path: Path = FRAMEWORK_FILE) -> list[dict]:
    """The principles in the file, checked for the fields the loader needs."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        principles = data["principles"]
        for principle in principles:
            for key in ("slug", "name", "elements"):
                principle[key]  # noqa: B018 - a KeyError names the missing field
            for element in principle["elements"]:
                if not element["name"] or not all(s["text"].strip() for s in element["statements"]):
                    raise FrameworkFileError(f"An element or statement of {principle['slug']} has no text")
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise FrameworkFileError(f"{path} is not a usable framework file: {error!r}") from error
    return principles


@transaction.atomic
def load_framework(path: Path = FRAMEWORK_FILE) -> LoadResult:
    result = LoadResult()
    for p_order, data in enumerate(read_framework(path), start=1):
        principle, created = Principle.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data.get("description", ""), "order": p_order})
        if not created:
            result.principles_kept += 1
            continue
        result.principles_created += 1
        for e_order, element_data in enumerate(data["elements"], start=1):
            element = Element.objects.create(principle=principle, name=element_data["name"], order=e_order)
            for s_order, statement in enumerate(element_data["statements"], start=1):
                Statement.objects.create(element=element, text=statement["text"].strip(), order=s_order,
                                         in_short_form=bool(statement.get("short", False)))
                result.statements_created += 1
    return result
