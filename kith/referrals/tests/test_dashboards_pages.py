"""The dashboard pages: who sees which, what they show (and never show: anything about a person), the
network's CSV, and a constant number of queries however many referrals there are."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.referrals import crypto
from kith.referrals.dashboards.figures import network_figures, organisation_figures
from kith.referrals.models import Referral, Status
from kith.testing import factories

from .dashboards_data import POSTCODE, organisation_with_service, professional, referral
from .helpers import REASON

PERSONAL = ["Ada Wearside", "07700 900 982", POSTCODE, REASON[:30]]


def _referrals(service, org_b, n: int, **kwargs) -> list[Referral]:
    by = professional(org_b)
    now = timezone.now()
    return [referral(service, by=by, organisation=org_b, sent=now - timedelta(days=i % 300, hours=1),
                     opened=now - timedelta(days=i % 300), status=Status.DECLINED,
                     decline_reason="no_capacity" if i % 2 else "not_eligible", **kwargs) for i in range(n)]


def _refuse_decryption(monkeypatch):
    """From here on, reading any personal field fails loudly."""
    def refuse(value):
        raise AssertionError("a personal field was decrypted")
    monkeypatch.setattr(crypto, "decrypt", refuse)


def test_the_decryption_guard_would_catch_a_personal_field(service, org_b, monkeypatch):
    made = _referrals(service, org_b, 1)[0]
    _refuse_decryption(monkeypatch)
    with pytest.raises(AssertionError, match="decrypted"):
        Referral.objects.get(pk=made.pk)


def test_a_member_sees_their_organisation_s_figures_and_nothing_about_a_person(client, people, service, org_b,
                                                                               needs):
    _referrals(service, org_b, 3, needs=needs)
    client.force_login(people["member_a"])
    response = client.get("/referrals/dashboard/")
    html = response.content.decode()
    assert response.status_code == 200 and "Alpha Family Support" in html
    assert "3 received and 0 sent in the last 12 months." in html
    assert '<svg viewBox="0 0 640' in html and "Referrals received by month" in html
    for text in PERSONAL:
        assert text not in html


def test_a_referring_organisation_sees_what_became_of_its_referrals(client, people, service, org_b):
    _referrals(service, org_b, 4)
    client.force_login(people["member_b"])
    html = client.get("/referrals/dashboard/").content.decode()
    assert "What happened to referrals you sent" in html
    assert "0% of the referrals your organisation sent that were answered in the last 12 months" in html
    assert "(0 of 4)" in html and "Referrals you sent that were declined, by reason" in html
    for text in PERSONAL:
        assert text not in html


def test_someone_in_two_organisations_chooses_and_cannot_ask_for_another(client, people, org_a, org_b):
    member = people["member_a"]
    factories.MembershipFactory(organisation=org_b, user=member, role="manager")
    other = factories.OrganisationFactory(name="Gamma Group")
    client.force_login(member)
    html = client.get("/referrals/dashboard/").content.decode()
    assert f"?organisation={org_a.pk}" in html and f"?organisation={org_b.pk}" in html and "Gamma" not in html
    chosen = client.get(f"/referrals/dashboard/?organisation={org_b.pk}")
    assert chosen.status_code == 200 and "Beta Community Trust" in chosen.content.decode()
    assert client.get(f"/referrals/dashboard/?organisation={other.pk}").status_code == 404
    assert client.get("/referrals/dashboard/?organisation=not-a-uuid").status_code == 404


def test_a_lead_member_without_a_working_membership_is_refused(client, db):
    councillor = factories.MembershipFactory(organisation=factories.OrganisationFactory(organisation_type="council"),
                                             role="lead_member").user
    client.force_login(councillor)
    assert client.get("/referrals/dashboard/").status_code == 403


def test_the_network_page_and_csv_show_the_same_suppressed_figures_and_no_personal_data(client, people, service,
                                                                                        org_b, needs):
    _referrals(service, org_b, 4, needs=needs)
    nhs, nhs_service = organisation_with_service("City Hospitals", "nhs")
    referral(nhs_service, by=professional(org_b), organisation=org_b, sent=timezone.now() - timedelta(days=1))
    client.force_login(people["lio_staff"])
    html = client.get("/referrals/network/").content.decode()
    assert "fewer than 3" in html and "Family life" in html and "Beta Community Trust" in html
    response = client.get("/referrals/network/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {"table": "sector_flows", "from": "Voluntary and community sector (VCFSE)", "to": "NHS",
            "count": "fewer than 3"} in rows
    assert {"table": "organisation_flows", "from": "Beta Community Trust", "to": "Alpha Family Support",
            "count": "4"} in rows
    assert {"table": "declines_by_reason", "from": "No capacity", "to": "", "count": "fewer than 3"} in rows
    assert {"table": "declines_by_theme", "from": "Family life", "to": "Not eligible", "count": "fewer than 3"} in rows
    assert not [row for row in rows if row["count"] in ("1", "2")]
    for text in PERSONAL:
        assert text not in html and text not in body


def test_the_pages_never_decrypt_a_personal_field(client, people, service, org_b, needs, monkeypatch):
    _referrals(service, org_b, 3, needs=needs)
    _refuse_decryption(monkeypatch)
    client.force_login(people["member_a"])
    assert client.get("/referrals/dashboard/").status_code == 200
    client.force_login(people["council_officer"])
    assert client.get("/referrals/network/").status_code == 200
    assert client.get("/referrals/network/?format=csv").status_code == 200


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_the_figures_and_pages_take_the_same_queries_for_5_and_50_referrals(client, people, service, org_b, needs):
    def measure():
        client.force_login(people["member_a"])
        page = _count(lambda: client.get("/referrals/dashboard/"))
        client.force_login(people["lio_staff"])
        network = _count(lambda: client.get("/referrals/network/"))
        return (_count(lambda: organisation_figures(service.organisation)), _count(network_figures), page, network)

    _referrals(service, org_b, 5, needs=needs)
    few = measure()
    _referrals(service, org_b, 45, needs=needs)
    assert Referral.objects.sent().count() == 50
    many = measure()
    assert few == many and few[:2] == (3, 4)


def test_the_account_page_leads_each_person_to_the_figures_they_may_see(client, people, org_a):
    links = {}
    for role in ("member_a", "lio_staff", "resident", "administrator"):
        client.force_login(people[role])
        html = client.get("/accounts/").content.decode()
        links[role] = (f"/referrals/dashboard/?organisation={org_a.pk}" in html, "/referrals/network/" in html)
    assert links == {"member_a": (True, False), "lio_staff": (False, True), "resident": (False, False),
                     "administrator": (False, True)}
