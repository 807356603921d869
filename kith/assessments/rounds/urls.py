"""Addresses of the relationship toolkit's rounds pages, inside the assessments namespace."""

urlpatterns: list = []
