"""Person keys: the same person written differently hashes alike, different people differently, the key
comes from settings, and keys follow the referral's details without decrypting any referral to look up."""

import datetime

import pytest
from cryptography.fernet import Fernet

from kith.referrals import crypto, services
from kith.referrals.models import PersonKey
from kith.referrals.privacy.keys import (Identifiers, normalise_email, normalise_name, normalise_phone,
                                         person_keys_refresh, referrals_about)
from kith.testing import factories

from .helpers import sent_referral, walk_to_check
from .privacy_support import sent_about
from .test_settings import _check_deploy

BORN = datetime.date(1990, 3, 27)


@pytest.mark.parametrize("written", ["07700 900 982", "07700900982", "+44 7700 900982", "+44 (0)7700 900 982",
                                     "0044 7700 900982", "(07700) 900-982", "447700900982"])
def test_every_way_of_writing_a_uk_mobile_number_is_one_key(written):
    assert normalise_phone(written) == "07700900982"
    assert Identifiers(phone=written).digests() == Identifiers(phone="07700 900 982").digests()


def test_email_and_name_are_folded_for_case_and_space():
    assert normalise_email("  Ada.Wearside@Example.ORG ") == "ada.wearside@example.org"
    assert normalise_name("  ADA   wearside\t") == "ada wearside"
    assert Identifiers(email=" ADA@example.org").digests() == Identifiers(email="ada@example.org").digests()
    assert Identifiers(name="ada  WEARSIDE", date_of_birth=BORN).digests() == \
        Identifiers(name="Ada Wearside", date_of_birth=BORN).digests()


def test_different_people_have_different_keys():
    one = Identifiers(email="ada@example.org", phone="07700 900 982", name="Ada Wearside", date_of_birth=BORN).digests()
    for other in (Identifiers(email="ada@example.com"), Identifiers(phone="07700 900 983"),
                  Identifiers(name="Ada Wearside", date_of_birth=BORN.replace(day=28)),
                  Identifiers(name="Ada Wearsid", date_of_birth=BORN)):
        assert not other.digests() & one
    assert len(one) == 3 and all(len(d) == 64 for d in one)


def test_a_name_without_a_date_of_birth_makes_no_key():
    assert Identifiers(name="Ada Wearside").digests() == set()
    assert Identifiers().digests() == set()


def test_the_hash_key_comes_from_settings(settings):
    before = Identifiers(email="ada@example.org").digests()
    settings.KITH_REFERRAL_LOOKUP_KEY = "another-secret"
    after = Identifiers(email="ada@example.org").digests()
    assert before and after and before != after


@pytest.mark.django_db
def test_keys_are_written_when_a_referral_is_sent_and_follow_changes(service, people, org_b,
                                                                       django_capture_on_commit_callbacks):
    referral = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b)
    assert set(referral.person_keys.values_list("digest", flat=True)) == Identifiers(phone="07700900982").digests()
    referral.person_email, referral.date_of_birth = "Ada@Example.org", BORN.isoformat()
    referral.save()
    assert set(referral.person_keys.values_list("digest", flat=True)) == Identifiers(
        phone="07700900982", email="ada@example.org", name="Ada Wearside", date_of_birth=BORN).digests()
    referral.person_phone = ""
    referral.save(update_fields=["person_phone"])
    assert referral.person_keys.count() == 2
    person_keys_refresh(referral)  # idempotent
    assert referral.person_keys.count() == 2


@pytest.mark.django_db
def test_drafts_have_no_keys(service, people, org_b):
    draft = services.referral_start(service=service, by=people["member_b"], organisation=org_b)
    draft.person_name, draft.person_email = "Ada Wearside", "ada@example.org"
    draft.save()
    assert not PersonKey.objects.exists()


@pytest.mark.django_db
def test_looking_up_decrypts_no_referral(service, people, org_b, django_capture_on_commit_callbacks, monkeypatch):
    wanted = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b)
    other = sent_about(django_capture_on_commit_callbacks, service, by=people["member_b"], organisation=org_b,
                       person_phone="0191 496 0000")
    sent_referral(service, by=people["member_b"], organisation=org_b)  # sent, but its keys never written: not found
    decrypted = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: decrypted.append(token) or real(token))
    found = list(referrals_about(Identifiers(phone="+44 7700 900982")).values_list("pk", flat=True))
    assert found == [wanted.pk] and other.pk not in found
    assert decrypted == []
    assert list(referrals_about(Identifiers())) == []


@pytest.mark.django_db
def test_a_referral_sent_through_the_journey_gets_its_keys(client, service, people, org_b, django_capture_on_commit_callbacks):
    client.force_login(people["member_b"])
    draft = walk_to_check(client, service)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/referrals/drafts/{draft.pk}/check/")
    assert response.status_code == 302
    assert referrals_about(Identifiers(email="ADA@example.org")).get().pk == draft.pk
    assert referrals_about(Identifiers(name="ada wearside", date_of_birth=datetime.date(2023, 3, 27))).get().pk == draft.pk


def test_production_refuses_to_start_without_a_lookup_key():
    result = _check_deploy(KITH_REFERRAL_KEYS=Fernet.generate_key().decode(), KITH_REFERRAL_LOOKUP_KEY="")
    assert result.returncode != 0
    assert "KITH_REFERRAL_LOOKUP_KEY" in result.stderr


def test_the_lookup_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "lookup"
    secret.write_text("a-long-random-lookup-secret-from-a-file\n")
    result = _check_deploy(KITH_REFERRAL_KEYS=Fernet.generate_key().decode(), KITH_REFERRAL_LOOKUP_KEY="",
                           KITH_REFERRAL_LOOKUP_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stdout + result.stderr
