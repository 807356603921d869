"""Addresses of saved pages, inside the needs namespace."""

urlpatterns: list = []
