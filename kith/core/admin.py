from django.contrib import admin

from .models import Event


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by Kith itself (the audit trail, recorded searches, loaded areas):
    administrators may look, never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "verb", "object_type", "object_repr"]
    list_filter = ["verb", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]
    readonly_fields = [f.name for f in Event._meta.fields]
