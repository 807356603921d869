"""Sent referrals about a given person, with their person keys written (the listener runs on commit,
which a test's transaction only does when asked)."""

from kith.referrals.models import Referral

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
