"""Administrators may look at indicators; figures change only by loading files (load_indicators, uploads)."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin

from .models import Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "area_kind", "unit", "higher_is_more_need", "period", "updated_at"]
    list_filter = ["area_kind", "source"]
    search_fields = ["slug", "name"]
    readonly_fields = [f.name for f in Indicator._meta.fields]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "value", "rank", "decile"]
    list_filter = ["indicator"]
    search_fields = ["area__code", "area__name"]
    list_select_related = ["indicator", "area"]
    readonly_fields = [f.name for f in IndicatorValue._meta.fields]
