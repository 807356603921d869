from django.contrib import admin
from django.db import models

from .models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_type", "verification_status", "is_active", "updated_at"]
    list_filter = ["organisation_type", "verification_status", "is_active"]
    search_fields = ["name", "alternate_name", "org_id", "charity_number", "company_number"]
    raw_id_fields = ["parent", "verified_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    # The token reaches the invited person only by email, so invitations are sent from the members page.
    exclude = ["token_hash"]
    readonly_fields = ["organisation", "email", "role", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False
