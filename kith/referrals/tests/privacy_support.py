"""Sent referrals about a given person, with their person keys written (the listener runs on commit,
which a test's transaction only does when asked)."""

from django.db import connection

from kith.referrals.models import Referral
from kith.referrals.privacy import erasure

from .helpers import sent_referral


def sent_about(capture, service, *, by, organisation, **person) -> Referral:
    """`capture` is pytest-django's django_capture_on_commit_callbacks; `person` overrides the helper's details."""
    with capture(execute=True):
        referral = sent_referral(service, by=by, organisation=organisation)
    if person:
        for name, value in person.items():
            setattr(referral, name, value)
        referral.save()
    return Referral.objects.get(pk=referral.pk)


def raw_personal_values(referral) -> list:
    """What the database holds in every encrypted column of the referral and its consents, read past the model."""
    key = referral.pk.hex if connection.vendor == "sqlite" else referral.pk
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(erasure.ERASABLE_REFERRAL_FIELDS)} FROM referrals_referral WHERE id = %s", [key])
        values = list(cursor.fetchone())
        cursor.execute(f"SELECT {', '.join(erasure.ERASABLE_CONSENT_FIELDS)} FROM referrals_consent WHERE referral_id = %s",
                       [key])
        values += [value for row in cursor.fetchall() for value in row]
    return values
