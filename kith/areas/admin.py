"""Administrators may look at the areas; they change only by loading official files (load_areas)."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin

from .models import Area


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "local_authority", "ward", "area_km2", "loaded_at"]
    list_filter = ["kind", "local_authority"]
    search_fields = ["code", "name"]
    readonly_fields = [f.name for f in Area._meta.fields]
