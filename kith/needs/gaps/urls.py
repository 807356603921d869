"""Addresses of gaps pages, inside the needs namespace."""

urlpatterns: list = []
