"""Organisation identifiers in the org-id.guide scheme (`GB-CHC-1234567`), validated against the
register's list of prefixes shipped in data/orgid_prefixes.json (ODbL, org-id.guide)."""

import json
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

# Shapes of the identifiers Kith meets most; other registered prefixes need only a non-empty id.
_SHAPES = {
    "GB-CHC": (re.compile(r"^\d{6,8}(-\d{1,3})?$"), "a charity number of 6 to 8 digits, like GB-CHC-1090095"),
    "GB-SC": (re.compile(r"^SC\d{6}$"), "SC and 6 digits, like GB-SC-SC012345"),
    "GB-NIC": (re.compile(r"^\d{5,6}$"), "a 5 or 6 digit number, like GB-NIC-100001"),
    "GB-COH": (re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$"), "8 characters, like GB-COH-01234567 or GB-COH-SC123456"),
    "GB-LAE": (re.compile(r"^[A-Z]{3,4}$"), "3 or 4 capital letters, like GB-LAE-SND"),
}


@cache
def known_prefixes() -> dict[str, dict]:
    data = json.loads((Path(__file__).parent / "data" / "orgid_prefixes.json").read_text())
    return {p["code"]: p for p in data["prefixes"] if not p["deprecated"]}


def validate_org_id(value: str) -> None:
    value = (value or "").strip()
    prefixes = known_prefixes()
    # The longest matching prefix wins (GB-SCOTEDU before GB-SC).
    match = next((code for code in sorted(prefixes, key=len, reverse=True) if value.upper().startswith(code + "-")), None)
    if match is None:
        raise ValidationError(
            "Enter an org-id identifier that starts with a registered prefix, like GB-CHC-1090095 or GB-COH-01234567",
            code="unknown_prefix",
        )
    local = value[len(match) + 1:]
    if not local or len(local) > 40 or not re.fullmatch(r"[A-Za-z0-9\-/.]+", local):
        raise ValidationError(f"Enter the identifier after {match}-, using letters, numbers and hyphens only", code="invalid")
    shape = _SHAPES.get(match)
    if shape and not shape[0].match(local):
        raise ValidationError(f"A {match} identifier is {shape[1]}", code="invalid_shape")


def org_id_for(prefix: str, number: str) -> str:
    return f"{prefix}-{number.strip()}"
