"""Administrators see that referrals exist and how they move, never the person's details: those
are for the referring and receiving organisations, on audited pages."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin

from .fields import EncryptedTextField
from .models import Referral, ReferralEvent


def _plain_fields(model) -> list[str]:
    return [f.name for f in model._meta.fields if not isinstance(f, EncryptedTextField)]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["reference", "status", "service", "receiving_organisation", "referring_organisation", "sent_at"]
    list_filter = ["status", "self_referral"]
    search_fields = ["reference"]
    # The private link's hash is of no use to anyone reading it: left out with the person's details.
    fields = readonly_fields = [name for name in _plain_fields(Referral) if name != "private_link_hash"]
    list_select_related = ["service", "receiving_organisation", "referring_organisation"]


@admin.register(ReferralEvent)
class ReferralEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "referral", "kind", "from_status", "to_status", "actor_organisation"]
    list_filter = ["kind"]
    fields = readonly_fields = _plain_fields(ReferralEvent)
    list_select_related = ["referral", "actor_organisation"]
