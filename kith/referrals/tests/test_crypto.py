"""Personal fields are encrypted at rest, keys rotate, and a wrong key fails loudly."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from kith.referrals import crypto
from kith.referrals.models import Consent, Referral

from .helpers import sent_referral

pytestmark = pytest.mark.django_db

SECRETS = ["Ada Wearside", "07700 900 982", "sleep"]


def _raw_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(Referral._meta.db_table)}")
        return cursor.fetchall()


def _raw_value(column: str, pk) -> str:
    table, quote = Referral._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",
                       [Referral._meta.pk.get_db_prep_value(pk, connection)])
        return cursor.fetchone()[0]


@pytest.fixture
def referral(service, people, org_b):
    referral = sent_referral(service, by=people["member_b"], organisation=org_b)
    referral.postcode, referral.person_email, referral.date_of_birth = "SR1 3SD", "ada@example.org", "2023-03-27"
    referral.save()
    Consent.objects.filter(referral=referral).update(given_by="parent_or_carer")
    consent = referral.consents.get()
    consent.given_by_name = "Grace Roker"
    consent.save()
    return referral


def test_the_database_holds_no_plaintext(referral):
    raw = repr(_raw_rows())
    for secret in [*SECRETS, "SR1 3SD", "ada@example.org", "2023-03-27"]:
        assert secret not in raw
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(Consent._meta.db_table)}")
        assert "Grace Roker" not in repr(cursor.fetchall())
    # Tokens, and each encryption of the same text differs.
    token = _raw_value("person_name", referral.pk)
    assert token.startswith("gAAAA") and token != crypto.encrypt("Ada Wearside")
    fresh = Referral.objects.get(pk=referral.pk)
    assert (fresh.person_name, fresh.postcode, fresh.reason[:5]) == ("Ada Wearside", "SR1 3SD", "Strug")
    assert fresh.consents.get().given_by_name == "Grace Roker"


def test_nothing_personal_in_its_name_or_its_audit(referral, client, people):
    client.force_login(people["member_a"])
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200  # a view, audited
    assert str(referral) == referral.reference
    from kith.core.models import Event
    from kith.referrals.models import ReferralEvent

    for model in (ReferralEvent, Event):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            raw = repr(cursor.fetchall())
        assert all(secret not in raw for secret in [*SECRETS, "SR1 3SD", "Grace"]), model
    assert referral.events.filter(kind="viewed").exists()


def test_encrypted_fields_cannot_be_searched(referral):
    with pytest.raises(FieldError, match="cannot be looked up"):
        Referral.objects.filter(person_name="Ada Wearside").count()
    assert Referral.objects.filter(person_name__isnull=False).count() == 1


def test_keys_rotate_and_the_old_key_can_then_go(referral, settings):
    old = settings.KITH_REFERRAL_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.KITH_REFERRAL_KEYS = [new, old]
    assert not crypto.is_current(_raw_value("person_name", referral.pk))
    out = io.StringIO()
    call_command("rotate_referral_keys", "--batch-size", "1", stdout=out, stderr=io.StringIO())
    assert "Re-encrypted" in out.getvalue()
    assert crypto.is_current(_raw_value("person_name", referral.pk))
    settings.KITH_REFERRAL_KEYS = [new]
    fresh = Referral.objects.get(pk=referral.pk)
    assert (fresh.person_name, fresh.person_email, fresh.date_of_birth) == ("Ada Wearside", "ada@example.org", "2023-03-27")
    assert fresh.consents.get().given_by_name == "Grace Roker"
    # A second run finds nothing to do.
    out = io.StringIO()
    call_command("rotate_referral_keys", stdout=out, stderr=io.StringIO())
    assert "Re-encrypted 0 values" in out.getvalue()


def test_a_wrong_key_fails_loudly(referral, settings):
    settings.KITH_REFERRAL_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.UndecryptableValue, match="KITH_REFERRAL_KEYS"):
        Referral.objects.get(pk=referral.pk)
    with pytest.raises(CommandError, match="could not be decrypted"):
        call_command("rotate_referral_keys", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.KITH_REFERRAL_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        crypto.encrypt("x")


def test_a_tampered_token_is_refused(referral):
    token = _raw_value("person_name", referral.pk)
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(crypto.UndecryptableValue):
        crypto.decrypt(tampered)


def test_rotation_keeps_a_value_changed_while_it_ran(referral, settings, monkeypatch):
    from kith.referrals import rotation

    settings.KITH_REFERRAL_KEYS = [Fernet.generate_key().decode(), settings.KITH_REFERRAL_KEYS[0]]
    original = rotation._rotate_batch

    def someone_edits_first(table, pk, columns, rows, report):
        Referral.objects.filter(pk=referral.pk).update(person_name="Ada Hendon")
        return original(table, pk, columns, rows, report)

    monkeypatch.setattr(rotation, "_rotate_batch", someone_edits_first)
    rotation.rotate_all()
    assert Referral.objects.get(pk=referral.pk).person_name == "Ada Hendon"
