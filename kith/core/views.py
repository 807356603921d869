"""Views that belong to no domain: the health check."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers and uptime monitors: the application answers. Public; touches no data."""
    return JsonResponse({"status": "ok"})
