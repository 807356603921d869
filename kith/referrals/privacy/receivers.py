"""Keeping person keys current: written when a referral is sent, rewritten when the person's details change."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .. import signals
from ..models import Referral
from .keys import person_keys_refresh

_IDENTIFYING = {"person_email", "person_phone", "person_name", "date_of_birth"}


@receiver(signals.referral_sent, dispatch_uid="privacy_person_keys_on_sent")
def _on_sent(sender, referral, **kwargs) -> None:
    current = Referral.objects.filter(pk=referral.pk).first()
    if current is not None:
        person_keys_refresh(current)


@receiver(post_save, sender=Referral, dispatch_uid="privacy_person_keys_on_save")
def _on_saved(sender, instance: Referral, update_fields=None, **kwargs) -> None:
    # Drafts have no keys; a save naming only other fields (a status change, sending) cannot change them.
    if instance.is_draft or (update_fields is not None and not _IDENTIFYING & set(update_fields)):
        return
    person_keys_refresh(instance)

