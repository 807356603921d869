"""A text field stored encrypted (see crypto.py). It cannot be searched or sorted on: only `isnull`."""

from django.core.exceptions import FieldError
from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Holds text (up to `max_length` characters, checked by forms) as a Fernet token.

    The empty string is stored as itself, so "not given" needs no decryption.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        # Each encryption of the same text differs, so an equality or LIKE lookup would silently
        # match nothing: refuse it loudly instead.
        if lookup_name != "isnull":
            raise FieldError(f"Encrypted field {self.name!r} cannot be looked up by {lookup_name!r}.")
        return super().get_lookup(lookup_name)

