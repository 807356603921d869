"""Phrases for the search results page."""

from django import template

register = template.Library()


@register.filter
def miles_away(miles: float) -> str:
    """1.23 → "1.2 miles away"; one decimal place, as people judge a walk or a bus ride."""
    if miles < 0.1:
        return "Less than 0.1 miles away"
    rounded = round(miles, 1)
    if rounded == 1:
        return "1 mile away"
    return f"{rounded:g} miles away" if rounded == int(rounded) else f"{rounded:.1f} miles away"
