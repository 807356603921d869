"""Encryption at rest of the personal details in referrals.

Every personal field is stored as a Fernet token (AES-128-CBC with an HMAC-SHA256 tag, from the
well-kept `cryptography` library): unreadable without a key, and tamper-evident. Keys come from the
environment, never the database: KITH_REFERRAL_KEYS (or KITH_REFERRAL_KEYS_FILE) holds Fernet keys,
comma-separated, newest first. MultiFernet encrypts with the newest and decrypts with any, so a key
is rotated by putting a new one first, running `manage.py rotate_referral_keys`, then removing the
old one. A value no configured key opens raises `UndecryptableValue` rather than showing nonsense.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed


class UndecryptableValue(Exception):
    """A stored value that none of the configured keys can decrypt (wrong or removed key, or tampering)."""


@functools.cache
def _fernet() -> MultiFernet:
    keys = settings.KITH_REFERRAL_KEYS
    if not keys:
        raise ImproperlyConfigured("KITH_REFERRAL_KEYS is empty: referrals cannot be encrypted.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "KITH_REFERRAL_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each), "
            "like the output of: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from error


def _forget_keys(*, setting, **kwargs):
    if setting == "KITH_REFERRAL_KEYS":
        _fernet.cache_clear()


setting_changed.connect(_forget_keys)


def check_keys() -> None:
    """Raise ImproperlyConfigured now if the configured keys are unusable, rather than at first use."""
    _fernet()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        raise UndecryptableValue(
            "A referral field cannot be decrypted with any key in KITH_REFERRAL_KEYS "
            "(was a key removed before `rotate_referral_keys` ran?)"
        ) from error


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as error:
        raise UndecryptableValue("A referral field cannot be decrypted with any key in KITH_REFERRAL_KEYS") from error


def is_current(token: str) -> bool:
    """Whether the token was made with the newest key (no rotation needed)."""
    try:
        Fernet(settings.KITH_REFERRAL_KEYS[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True
