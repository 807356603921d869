"""Template tags of the action plan, for pages of other parts of the toolkit (the results page)."""

from django import template

from kith.organisations.roles import roles_for

from ..actions.access import may_change_plan
from ..actions.plan import plan_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_for(context, round) -> dict:
    """The round's plan rows, and whether the person looking may change them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"rows": plan_rows(round), "may_change": may_change_plan(roles_for(user))}
