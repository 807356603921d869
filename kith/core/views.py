from django.shortcuts import render


def home(request):
    """Public: anyone."""
    return render(request, "core/home.html")
