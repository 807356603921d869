import pytest

from kith.testing.fixtures import assert_accessible


@pytest.mark.django_db
def test_home_page_names_the_place_and_marks_demo_data(client, settings):
    settings.KITH_DEMO = True
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find support in Sunderland" in html
    assert "fictional demo data" in html


@pytest.mark.django_db
def test_unknown_page_is_a_helpful_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_is_accessible(page):
    response = page.goto("/")
    assert response.status == 200
    assert_accessible(page)


@pytest.mark.django_db
def test_health_check_answers_json_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_imports_are_in_the_navigation_only_for_those_who_may_import(client, people):
    for role, shown in [("lio_staff", True), ("administrator", True), ("council_officer", False), ("manager_a", False),
                        ("resident", False)]:
        client.force_login(people[role])
        assert ('href="/imports/"' in client.get("/").content.decode()) is shown, role
