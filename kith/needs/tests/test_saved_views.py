"""Saved views: officers and LIO staff keep a needs page under a name and share its link; only needs pages of
this site can be saved, so a saved view is never a way to another site."""

import uuid
from urllib.parse import urlencode

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from kith.core.models import Event
from kith.needs.models import SavedView

pytestmark = pytest.mark.django_db
MAP = "/needs/?indicator=iod2025-income&sort=name"


@pytest.fixture
def officer(client, people):
    client.force_login(people["council_officer"])
    return people["council_officer"]


def save(client, address: str = MAP, name: str = "Income, by name", note: str = "For the June board"):
    return client.post(f"/needs/saved/new/?{urlencode({'address': address})}", {"name": name, "note": note})


def test_an_officer_saves_a_view_and_everyone_in_the_sector_sees_its_link(client, officer, people):
    form = client.get("/needs/saved/new/", {"address": MAP})
    assert form.status_code == 200 and MAP.replace("&", "&amp;") in form.content.decode()

    response = save(client)
    assert response.status_code == 302 and response.url == "/needs/saved/"
    saved = SavedView.objects.get()
    assert (saved.name, saved.address, saved.note, saved.created_by) == ("Income, by name", MAP, "For the June board", officer)
    assert Event.objects.filter(verb="saved_view_created", object_id=str(saved.pk)).exists()

    client.force_login(people["lio_staff"])
    page = client.get("/needs/saved/").content.decode()
    assert "Income, by name" in page and "For the June board" in page and officer.email in page
    assert f'href="{MAP.replace("&", "&amp;")}"' in page
    assert f"http://testserver{MAP}".replace("&", "&amp;") in page


def test_a_missing_name_is_asked_for_and_nothing_is_saved(client, officer):
    response = save(client, name="")
    assert "Enter a name for the view" in response.content.decode()
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("address, message", [
    ("", "No page was given to save"),
    ("https://evil.example/needs/", "Only a page of this site can be saved"),
    ("//evil.example/needs/", "Only a page of this site can be saved"),
    ("/needs//evil.example", "Only a page of this site can be saved"),
    ("/\\evil.example/needs/", "Only a page of this site can be saved"),
    ("javascript:alert(1)", "Only a page of this site can be saved"),
    ("needs/", "Only a page of this site can be saved"),
    ("/admin/", "Only pages of the needs map (addresses starting /needs/) can be saved"),
    ("/organisations/", "Only pages of the needs map (addresses starting /needs/) can be saved"),
    ("/needs/nowhere/", "No page of the needs map has that address"),
    ("/needs/saved/", "Only maps, gap analyses and area profiles can be saved"),
    ("/needs/indicators/upload/", "Only maps, gap analyses and area profiles can be saved"),
    ("/needs/?indicator=x\nSet-Cookie: a=b", "contains control characters"),
    ("/needs/?indicator=" + "a" * 1000, "a saved view can be at most 1,000"),
])
def test_an_address_that_is_not_a_needs_page_of_this_site_is_refused(client, officer, address, message):
    for response in (client.get("/needs/saved/new/", {"address": address}), save(client, address=address)):
        assert response.status_code == 400
        assert message in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
    assert not SavedView.objects.exists()


def test_an_area_profile_can_be_saved(client, officer):
    assert save(client, address="/needs/areas/E01008690/").status_code == 302


def test_whoever_saved_a_view_can_delete_it_after_confirming(client, officer):
    save(client)
    saved = SavedView.objects.get()
    confirm = client.get(f"/needs/saved/{saved.pk}/delete/")
    assert confirm.status_code == 200 and "Delete “Income, by name”?" in confirm.content.decode()
    assert SavedView.objects.exists()

    assert client.post(f"/needs/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()
    assert Event.objects.filter(verb="saved_view_deleted", object_id=str(saved.pk)).exists()


def test_lio_staff_can_delete_anyones_view_but_another_officer_cannot(client, people, officer):
    save(client)
    saved = SavedView.objects.get()
    other = type(officer).objects.create_user(email="other.officer@example.org", password="x" * 20)
    council = people["council_officer"].memberships.get().organisation
    council.memberships.create(user=other, role="member")

    client.force_login(other)
    assert client.post(f"/needs/saved/{saved.pk}/delete/").status_code == 403
    assert "Delete" not in client.get("/needs/saved/").content.decode().split("Income, by name", 1)[1].split("</tr>")[0]
    client.force_login(people["lio_staff"])
    assert client.post(f"/needs/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()


def test_an_unknown_saved_view_is_not_found(client, officer):
    assert client.get(f"/needs/saved/{uuid.uuid4()}/delete/").status_code == 404


@pytest.mark.parametrize("role, sees", [
    ("anonymous", False), ("resident", False), ("member_a", False), ("manager_a", False),
    ("council_officer", True), ("lio_staff", True), ("administrator", True),
])
def test_only_officers_lio_staff_and_administrators_see_the_save_link(client, people, role, sees):
    if people[role]:
        client.force_login(people[role])
    page = client.get("/needs/", {"indicator": "anything"}).content.decode()
    assert ("Save this view" in page) is sees
    if sees:
        assert 'href="/needs/saved/new/?address=%2Fneeds%2F%3Findicator%3Danything"' in page


def test_the_tag_carries_the_path_and_query_and_renders_nothing_for_others(people):
    template = Template("{% load saved_views %}{% save_view_link request %}")
    request = RequestFactory().get("/needs/gaps/", {"theme": "debt-advice", "miles": "2"})
    request.user = people["lio_staff"]
    assert '/needs/saved/new/?address=%2Fneeds%2Fgaps%2F%3Ftheme%3Ddebt-advice%26miles%3D2' in template.render(Context({"request": request}))
    request.user = people["member_a"]
    assert template.render(Context({"request": request})).strip() == ""
