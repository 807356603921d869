"""Issuing and resolving private links. The token is 32 random bytes (256 bits), shown once and emailed
once; the database keeps its SHA-256 only. A plain hash suffices, unlike for passwords: the token is
random, so there is no dictionary to try, and the hash still cannot be turned back into a working link.

A link stops working when the referral is anonymised (retention, erasure or consent withdrawn): there is
nothing of the person's left to show, and the link must not outlive their data.
"""

import hashlib
import re
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import Referral

TOKEN_BYTES = 32
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe base 64 alphabet.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def private_link_issue(referral: Referral) -> str:
    """Give a sent self-referral a new private link (replacing any earlier one) and return its token:
    the only time the token exists in plain. Runs in the caller's transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    referral.private_link_hash = token_hash(token)
    referral.private_link_created_at = timezone.now()
    referral.save(update_fields=["private_link_hash", "private_link_created_at", "updated_at"])
    return token


def private_url(token: str, *, absolute: bool = False) -> str:
    path = reverse("referrals:private", args=[token])
    return settings.SITE_URL.rstrip("/") + path if absolute else path


def referral_by_token(token: str) -> Referral | None:
    """The sent, not anonymised self-referral this token opens, or None (malformed, wrong or spent)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    return Referral.objects.sent().select_related("service", "receiving_organisation").filter(
        self_referral=True, anonymised_at__isnull=True, private_link_hash=token_hash(token)).first()
