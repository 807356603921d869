"""Cleaning single values from feeds. Each function returns the cleaned value, or None when the
value is absent or cannot be used; callers turn None-for-a-given-value into a warning."""

import html
import re
from decimal import Decimal, InvalidOperation

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6]|ul|ol|table|tr|blockquote)\s*>|<br\s*/?>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# Control characters other than line breaks and tabs: never meant, and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_url_valid = URLValidator(schemes=["http", "https"])
_email_valid = EmailValidator()


def text(value) -> str | None:
    """A single-line string, whitespace squeezed; empty means absent. Numbers become text."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = _CONTROL.sub("", str(value))
    if "<" in value or "&" in value:
        value = plain_text(value) or ""
    cleaned = _SPACES.sub(" ", value.replace("\n", " ")).strip()
    return cleaned or None


def plain_text(value) -> str | None:
    """HTML or text to safe plain text, keeping paragraph breaks as blank lines.

    nh3 removes every tag (and the contents of script and style); the entities left are unescaped
    after, so "&lt;script&gt;" in a feed reads as text, never as markup, once Django escapes it.
    """
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    raw = _CONTROL.sub("", str(value)).replace("\r\n", "\n")
    raw = _BLOCK_END.sub("\n\n", raw)
    stripped = html.unescape(nh3.clean(raw, tags=set(), clean_content_tags={"script", "style"}))
    lines = [_SPACES.sub(" ", line).strip() for line in stripped.split("\n")]
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return cleaned or None


def truncate(value: str | None, limit: int) -> tuple[str | None, bool]:
    """At most `limit` characters, cut at a word where one is near, ending in an ellipsis."""
    if value is None or len(value) <= limit:
        return value, False
    cut = value[:limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…", True


def url(value) -> str | None:
    """A web address; one without a scheme is given https:// when that makes it valid."""
    candidate = text(value)
    if candidate is None:
        return None
    candidate = candidate.replace(" ", "")
    attempt = candidate if "://" in candidate else f"https://{candidate}"
    try:
        _url_valid(attempt)
    except ValidationError:
        return None
    return attempt


def email(value) -> str | None:
    candidate = text(value)
    if candidate is None:
        return None
    candidate = candidate.lower().removeprefix("mailto:").strip()
    try:
        _email_valid(candidate)
    except ValidationError:
        return None
    return candidate


def number(value) -> Decimal | None:
    """A number from a number or a string like "5", "5.0", "£12.50" or "5 years"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    match = re.search(r"-?\d+(\.\d+)?", str(value).replace(",", ""))
    if not match:
        return None
    try:
        return Decimal(match.group())
    except InvalidOperation:
        return None


def age(value) -> int | None:
    """An age in whole years, 0 to 120."""
    found = number(value)
    if found is None or found < 0 or found > 120:
        return None
    return int(found)


def shown(value) -> str:
    """A value as a report quotes it: short, and saying what it is when it is not text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text_value = _CONTROL.sub("", str(value)).strip()
    return text_value if len(text_value) <= 80 else text_value[:79] + "…"


def without_nul(value):
    """The document with NUL characters taken out of every string (PostgreSQL cannot store them)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    return value


def is_given(value) -> bool:
    """Whether a feed gave a value at all (empty strings and empty lists count as not given)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def identifier(value) -> str | None:
    """An external id: any non-empty scalar, as text."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    cleaned = _CONTROL.sub("", str(value)).strip()
    return cleaned[:200] or None
