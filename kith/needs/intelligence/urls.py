"""Addresses of intelligence pages, inside the needs namespace."""

urlpatterns: list = []
