"""Administrators' view of the directory. Day-to-day editing happens in Kith's own pages, which audit every change."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin

from . import models


class CompactInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class AddressInline(CompactInline):
    model = models.Address


class ScheduleInline(CompactInline):
    model = models.Schedule
    fk_name = "service"
    fields = ["byday", "opens_at", "closes_at", "valid_from", "valid_to", "service_at_location"]
    raw_id_fields = ["service_at_location"]


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "status", "verification_status", "accepting_referrals", "last_confirmed_at"]
    list_filter = ["status", "verification_status", "accepting_referrals", "referral_route"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "verified_by"]
    inlines = [ScheduleInline]


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "postcode", "is_family_hub"]
    list_filter = ["location_type", "is_family_hub"]
    search_fields = ["name", "postcode", "organisation__name"]
    raw_id_fields = ["organisation"]
    inlines = [AddressInline]


@admin.register(models.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version"]


@admin.register(models.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "taxonomy"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]


@admin.register(models.UnmetSearch)
class UnmetSearchAdmin(ReadOnlyAdmin):
    """Read-only: these are recorded by the search page for the needs map, not entered by hand."""

    list_display = ["created_on", "words", "term_codes", "district", "within_miles", "filters"]
    list_filter = ["created_on", "district"]
    search_fields = ["words"]
    date_hierarchy = "created_on"
