"""Plain-English phrases for directory records, shared by the public pages and the forms."""

from django import template
from django.conf import settings

register = template.Library()


def _years(n: int) -> str:
    return f"{n} year{'' if n == 1 else 's'}"


@register.filter
def age_range(service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return "All ages"
    if high is None:
        return f"From {_years(low)}"
    if low is None:
        return f"Up to {_years(high)}"
    if low == high:
        return _years(low)
    return f"{low} to {_years(high)}"


@register.filter
def fees_note(service) -> str:
    """The service's words about cost, unless they only repeat the "Free" tag shown above them."""
    text = (service.fees_description or "").strip()
    if service.is_free and text.rstrip(".!").strip().lower() == "free":
        return ""
    return text


@register.filter
def delivery(service) -> str:
    ways = [label for flag, label in [(service.in_person, "in person"), (service.online, "online"),
                                      (service.by_phone, "by phone")] if flag]
    if not ways:
        return "Not stated"
    text = ways[0] if len(ways) == 1 else f"{', '.join(ways[:-1])} and {ways[-1]}"
    return text[0].upper() + text[1:]


@register.filter
def area_name(code: str) -> str:
    if code == settings.KITH_PLACE_CODE:
        return f"{settings.KITH_PLACE_NAME} ({code})"
    return code


@register.filter
def elided_pages(paginator, number: int):
    return paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)
