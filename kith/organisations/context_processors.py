from django.utils.functional import SimpleLazyObject

from .roles import roles_for


def roles(request):
    return {"roles": SimpleLazyObject(lambda: roles_for(request.user))}
