"""Addresses of the relationship toolkit's actions pages, inside the assessments namespace."""

urlpatterns: list = []
