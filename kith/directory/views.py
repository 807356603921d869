from django.shortcuts import get_object_or_404, render

from kith.organisations.models import Organisation


def organisation_list(request):
    """Public: anyone."""
    return render(request, "directory/organisation_list.html", {"organisations": Organisation.objects.active()[:50]})


def organisation_detail(request, pk):
    """Public: anyone."""
    organisation = get_object_or_404(Organisation.objects.active(), pk=pk)
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})


def verification_queue(request):
    return render(request, "directory/organisation_list.html", {"organisations": []})
