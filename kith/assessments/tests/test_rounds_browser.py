"""A browser journey: a council officer opens a round and invites a colleague; the round is answered through
its links by that council officer and by two VCFSE members; the round page counts them by sector, and (with the
anonymity threshold lowered) the results page shows the gap between the sectors."""
import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kith.assessments.models import Response, Round
from kith.testing.fixtures import assert_accessible, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _answer(page, link: str, sector: str, rating: str, evidence: str = "") -> None:
    page.goto(link)
    page.get_by_label(sector, exact=True).check()
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/principles/**")
    while "/principles/" in page.url:
        for radios in page.locator(".govuk-radios").all():
            radios.get_by_label(rating, exact=True).check()
        if evidence:
            page.get_by_label(re.compile("^Evidence for your answers")).fill(evidence)
        answered = page.url
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: url != answered)
    expect(page.get_by_role("heading", name="Check your answers before sending them")).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()


def test_an_officer_opens_a_round_and_both_sectors_answer_it(page, browser, live_server, people):
    call_command("load_assessment_framework")
    sign_in_browser(page, people["council_officer"])
    page.goto("/relationship/")
    page.get_by_role("link", name="Open a round").click()
    page.get_by_label("Name of the round").fill("Relationship check 2027")
    today = timezone.localdate()
    _fill_date(page, "Opens on", today)
    _fill_date(page, "Closes on", today + datetime.timedelta(days=21))
    page.get_by_label("Short form for lead members").check()
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", name="Relationship check 2027")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email addresses").fill("colleague@example.org")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("1 invitation sent")).to_be_visible()
    share_link = page.locator("#share-link").inner_text().strip()
    invitation_link = re.search(r"(http://\S+/relationship/answer/\S+/)", mail.outbox[0].body).group(1)

    contexts = []

    def fresh_page():
        contexts.append(browser.new_context(base_url=live_server.url))
        return contexts[-1].new_page()

    # The invited council officer saves half way, then comes back through the invitation link.
    officer = fresh_page()
    officer.goto(invitation_link.replace("http://127.0.0.1:8000", live_server.url))
    officer.get_by_label("Council", exact=True).check()
    officer.get_by_role("button", name="Start now").click()
    officer.get_by_role("button", name="Save and come back later").click()
    expect(officer.get_by_role("heading", name="Your answers have been saved")).to_be_visible()
    officer.goto(invitation_link.replace("http://127.0.0.1:8000", live_server.url))
    officer.get_by_role("link", name="Continue").click()
    while "/principles/" in officer.url:
        for radios in officer.locator(".govuk-radios").all():
            radios.get_by_label("Agree", exact=True).check()
        officer.get_by_role("button", name="Continue").click()
    officer.get_by_role("button", name="Send my answers").click()
    expect(officer.get_by_role("heading", name="Your answers have been sent")).to_be_visible()

    vcfse_link = share_link.replace("http://127.0.0.1:8000", live_server.url)
    _answer(fresh_page(), vcfse_link, "Voluntary, community, faith or social enterprise (VCFSE)", "Disagree",
            evidence="Grants are renewed every year.")
    second = fresh_page()
    _answer(second, vcfse_link, "Voluntary, community, faith or social enterprise (VCFSE)", "Strongly disagree")
    second.goto(vcfse_link)
    expect(second.get_by_role("heading", name="You have already sent your answers")).to_be_visible()

    page.reload()
    counts = page.get_by_role("row", name=re.compile("^Council"))
    expect(counts).to_contain_text("1")
    expect(page.get_by_role("row", name=re.compile(r"^Voluntary"))).to_contain_text("2")
    assert Response.objects.submitted().count() == 3

    # Three respondents are below any real anonymity threshold; lowered, the results show the gap.
    Round.objects.filter(name="Relationship check 2027").update(anonymity_threshold=1)
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("heading", name="The perception gap")).to_be_visible()
    expect(page.locator("#gap-table").get_by_role("row", name="Shared foundations")).to_contain_text("+2.5")
    assert_accessible(page)
    for context in contexts:
        context.close()
