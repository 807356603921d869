"""Addresses of the indicator upload pages, inside the needs namespace."""

urlpatterns: list = []
