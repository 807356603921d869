"""Telling people about a referral, on screen and by email. On-screen notices (behind sign-in) say the
reference, the service's name and the status; emails say the reference, the status and a link only — an
inbox can be read by others, and even a service's name (a refuge, a drugs service) can say too much about the
person. The person referred is never named, in a notice or an email.

An email that cannot be sent is logged (by reference and error type) and dropped: the referral change it
reports has already happened and must stand.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from kith.organisations.models import Role

from ..models import Notification, Referral, Status

logger = logging.getLogger(__name__)
Kind = Notification.Kind


def referral_url(referral: Referral) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("referrals:detail", args=[referral.pk])


def _one_line(text: str) -> str:
    # Email subjects may not hold line breaks; a service name could, if typed carelessly.
    return " ".join(text.split())


def receiving_staff(referral: Referral, *, managers_only: bool = False):
    """Active accounts of the receiving organisation: members and managers, or managers only."""
    if referral.receiving_organisation_id is None:
        return get_user_model().objects.none()
    roles = [Role.MANAGER] if managers_only else [Role.MEMBER, Role.MANAGER]
    return get_user_model().objects.filter(
        is_active=True, memberships__organisation=referral.receiving_organisation_id, memberships__role__in=roles,
    ).distinct().order_by("pk")


def notify(referral: Referral, users, *, kind: str, heading: str, subject: str | None = None) -> list[Notification]:
    """An on-screen notice for each user now; an email to each (when `subject` is given) once the
    surrounding transaction, if any, has committed."""
    users = list(users)
    notices = Notification.objects.bulk_create(
        [Notification(user=user, referral=referral, kind=kind, message=heading[:300]) for user in users])
    if subject is not None:
        context = {"heading": _one_line(subject), "reference": referral.reference,
                   "status": referral.get_status_display(), "url": referral_url(referral)}
        addresses = [user.email for user in users if user.email]
        transaction.on_commit(lambda: _email_each(addresses, subject=_one_line(subject), context=context, kind=kind))
    return notices


def _email_each(addresses: list[str], *, subject: str, context: dict, kind: str,
                template: str = "referrals/notifications/email/notice") -> int:
    """One email per recipient, so nobody learns who else was told. Returns how many went."""
    if not addresses:
        return 0
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:  # noqa: BLE001 - any backend failure: the change stands, the email waits for nobody
        _log_failure(kind, context["reference"], error, len(addresses))
        return 0
    try:
        for address in addresses:
            message = EmailMultiAlternatives(subject, text, to=[address], connection=connection)
            message.attach_alternative(html, "text/html")
            try:
                sent += message.send()
            except Exception as error:  # noqa: BLE001
                _log_failure(kind, context["reference"], error, 1)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not raise either
            pass
    return sent


def _log_failure(kind: str, reference: str, error: Exception, count: int) -> None:
    # The error's text may quote an address: only its type is logged.
    logger.warning("Could not send %d %s email(s) about referral %s (%s)", count, kind, reference,
                   type(error).__name__)


def referral_received(referral: Referral) -> list[Notification]:
    """A new referral: every member and manager of the receiving organisation."""
    service = referral.service_name
    return notify(referral, receiving_staff(referral), kind=Kind.RECEIVED,
                  heading=f"New referral {referral.reference} for {service}",
                  subject=f"New referral {referral.reference}")


def referral_status_changed(referral: Referral, *, to_status: str, by=None) -> list[Notification]:
    """A status change: the person who made the referral (including a self-referrer with an account), unless
    they made the change themselves. A change the receiving organisation did not make (consent withdrawn by
    the referrer, or by the person through their private link) tells its members and managers too: they
    must stop working on it."""
    words = Status(to_status).label if to_status in Status.values else referral.get_status_display()
    service = referral.service_name
    heading = f"Referral {referral.reference} for {service} is now: {words}"
    subject = f"Referral {referral.reference}: {words}"
    notices = []
    referrer = referral.referred_by
    if referrer is not None and referrer.is_active and (by is None or by.pk != referrer.pk):
        notices += notify(referral, [referrer], kind=Kind.STATUS_CHANGED, heading=heading, subject=subject)
    staff = receiving_staff(referral)
    if by is None or not staff.filter(pk=by.pk).exists():
        told = {notice.user_id for notice in notices}
        notices += notify(referral, [user for user in staff if user.pk not in told], kind=Kind.STATUS_CHANGED,
                          heading=heading, subject=subject)
    return notices


def referral_not_opened(referral: Referral, *, working_days: int) -> list[Notification]:
    """Escalation: the receiving organisation's managers by email and on screen (every member, should it
    have no manager), and the referrer on screen."""
    service, days = referral.service_name, f"{working_days} working day{'s' if working_days != 1 else ''}"
    managers = list(receiving_staff(referral, managers_only=True)) or list(receiving_staff(referral))
    notices = notify(referral, managers, kind=Kind.NOT_OPENED,
                     heading=f"Referral {referral.reference} for {service} has not been opened in {days}",
                     subject=f"Referral {referral.reference} not opened in {days}")
    referrer = referral.referred_by
    if referrer is not None and referrer.is_active:
        notices += notify(referral, [referrer], kind=Kind.NOT_OPENED,
                          heading=f"Referral {referral.reference} for {service} has not been opened in {days}; "
                                  "the receiving organisation’s managers have been told")
    return notices


def self_referral_sent(referral: Referral, *, private_link: str) -> int:
    """The self-referrer's confirmation: the reference and their private link, nothing about them. Call it once
    the referral has committed; how many emails went (0 without an address)."""
    user = referral.referred_by
    if user is None or not user.is_active or not user.email:
        return 0
    context = {"reference": referral.reference, "url": private_link}
    return _email_each([user.email], subject=f"Your referral {referral.reference} has been sent",
                       context=context, kind="self_referral_sent", template="referrals/private/email/confirmation")


def private_link_reissued(referral: Referral, *, private_link: str, address: str) -> int:
    """A self-referrer's new private link, to the address they gave: the reference and the link, nothing
    about them. Call it once the new link has committed; how many emails went."""
    context = {"reference": referral.reference, "url": private_link}
    return _email_each([address], subject=f"A new link to follow your referral {referral.reference}",
                       context=context, kind="private_link_reissued", template="referrals/private/email/new_link")
