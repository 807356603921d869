"""Addresses of the relationship toolkit's results pages, inside the assessments namespace."""

urlpatterns: list = []
