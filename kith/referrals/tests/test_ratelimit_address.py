"""Limits per address count the address the trusted proxy saw, never one the client wrote itself."""
import pytest
from django.test import RequestFactory

from kith.referrals.ratelimit import allow, client_address


def _request(remote="127.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_facing_the_internet_the_header_is_ignored(settings):
    settings.KITH_TRUSTED_PROXIES = 0
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.KITH_TRUSTED_PROXIES = 1
    assert client_address(_request(forwarded="198.51.100.7")) == "198.51.100.7"


def test_an_address_the_client_made_up_is_not_believed(settings):
    settings.KITH_TRUSTED_PROXIES = 1
    # The client sent "X-Forwarded-For: 10.9.9.9"; the proxy appended the address it really saw.
    assert client_address(_request(forwarded="10.9.9.9, 198.51.100.7")) == "198.51.100.7"


def test_a_missing_or_short_header_falls_back_to_the_connection(settings):
    settings.KITH_TRUSTED_PROXIES = 2
    assert client_address(_request("192.0.2.4", "198.51.100.7")) == "192.0.2.4"
    assert client_address(_request("192.0.2.4")) == "192.0.2.4"
    assert client_address(_request("192.0.2.4", "10.9.9.9, 198.51.100.7, 192.0.2.50")) == "198.51.100.7"


def test_two_residents_behind_the_same_proxy_have_separate_limits(settings):
    settings.KITH_TRUSTED_PROXIES = 1
    first, second = (client_address(_request(forwarded=a)) for a in ("198.51.100.7", "198.51.100.8"))
    assert [allow([f"ip:{first}"], limit=1) for _ in range(2)] == [True, False]
    assert allow([f"ip:{second}"], limit=1)


pytestmark = pytest.mark.django_db
