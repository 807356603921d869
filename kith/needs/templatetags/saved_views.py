"""{% save_view_link request %}: a "Save this view" link on needs pages, for those who may save views."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from kith.organisations.roles import roles_for

register = template.Library()


@register.inclusion_tag("needs/saved/link.html")
def save_view_link(request) -> dict:
    """The link carries the page's path and query; council officers, LIO staff and administrators only."""
    if request is None or not roles_for(request.user).sees_whole_sector:
        return {"href": None}
    return {"href": f"{reverse('needs:saved_new')}?{urlencode({'address': request.get_full_path()})}"}
