"""Person keys: keyed hashes (HMAC-SHA256) of a person's normalised identifiers, so the referrals about
someone are found by looking digests up, never by decrypting every referral.

The HMAC key is KITH_REFERRAL_LOOKUP_KEY, a secret of its own: without it a digest cannot be tested
against a guessed email or phone number. Each identifier is prefixed with its kind, so an email can
never collide with a phone number.
"""

import datetime
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ..models import PersonKey, Referral, Status


def normalise_email(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().lower()


def normalise_phone(phone: str) -> str:
    """Digits only, with a UK international prefix (+44, 0044, +44 (0)) written as the national 0."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 8:
            return "0" + digits[len(prefix):].lstrip("0")
    return digits


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def digest(kind: str, value: str) -> str:
    key = settings.KITH_REFERRAL_LOOKUP_KEY.encode("utf-8")
    return hmac.new(key, f"{kind}:{value}".encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Identifiers:
    """What someone asking about a person gives: an email, a phone number, or a name with a date of birth."""

    email: str = ""
    phone: str = ""
    name: str = ""
    date_of_birth: datetime.date | None = None

    def digests(self) -> set[str]:
        found = set()
        if normalise_email(self.email):
            found.add(digest("email", normalise_email(self.email)))
        if normalise_phone(self.phone):
            found.add(digest("phone", normalise_phone(self.phone)))
        if normalise_name(self.name) and self.date_of_birth is not None:
            found.add(digest("name-dob", f"{normalise_name(self.name)}|{self.date_of_birth.isoformat()}"))
        return found


def identifiers_of(referral: Referral) -> Identifiers:
    """The referral's own identifiers (decrypts them: only when writing its keys)."""
    try:
        born = datetime.date.fromisoformat(referral.date_of_birth) if referral.date_of_birth else None
    except ValueError:
        born = None
    return Identifiers(email=referral.person_email, phone=referral.person_phone, name=referral.person_name,
                       date_of_birth=born)


@transaction.atomic
def person_keys_refresh(referral: Referral) -> None:
    """Make the referral's PersonKeys match its current details: drafts and anonymised referrals have none."""
    wanted = set() if referral.status == Status.DRAFT or referral.anonymised_at else identifiers_of(referral).digests()
    PersonKey.objects.filter(referral=referral).exclude(digest__in=wanted).delete()
    have = set(PersonKey.objects.filter(referral=referral).values_list("digest", flat=True))
    PersonKey.objects.bulk_create([PersonKey(referral=referral, digest=d) for d in wanted - have], ignore_conflicts=True)


def referrals_about(identifiers: Identifiers):
    """Every sent referral with any of these identifiers, found by digest alone."""
    digests = identifiers.digests()
    return Referral.objects.sent().filter(person_keys__digest__in=digests).distinct() if digests \
        else Referral.objects.none()
