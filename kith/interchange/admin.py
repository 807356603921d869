"""Administrators' view of feeds and provenance. Imports themselves run from Kith's own pages or the command."""

from django.contrib import admin

from .models import Feed, FeedRun, ImportedRecord


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "is_url", "last_imported_at"]
    search_fields = ["name", "source"]
    raw_id_fields = ["added_by"]


@admin.register(FeedRun)
class FeedRunAdmin(admin.ModelAdmin):
    list_display = ["feed", "job"]
    raw_id_fields = ["feed", "job"]


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ["feed", "entity", "external_id", "local_id", "last_seen", "not_seen_since"]
    list_filter = ["entity", "feed"]
    search_fields = ["external_id"]
    readonly_fields = [f.name for f in ImportedRecord._meta.fields]
