"""The dashboards' figures, exactly, on a hand-built set of referrals: an organisation's own, and the
network's flows between sectors and organisations with small counts suppressed."""

import datetime

import pytest

from kith.organisations.models import OrganisationType
from kith.referrals import crypto
from kith.referrals.dashboards.figures import network_figures, organisation_figures, window
from kith.referrals.dashboards.sectors import Sector, sector_of
from kith.referrals.dashboards.timing import summarise, working_days
from kith.referrals.models import EventKind, ReferralEvent, Status
from kith.referrals.services import referral_start
from kith.testing import factories

from .dashboards_data import at, organisation_with_service, professional, referral

TODAY = datetime.date(2026, 11, 20)
S = Status


@pytest.fixture
def no_decryption(monkeypatch):
    """Reading any personal field now fails loudly: figures must never touch one."""
    def refuse(value):
        raise AssertionError("a personal field was decrypted")
    monkeypatch.setattr(crypto, "decrypt", refuse)


@pytest.fixture
def alpha(org_a, service, org_b, needs):
    """Alpha receives from Beta: every state a referral can be in, with its times."""
    by = professional(org_b)
    beta_service = factories.ServiceFactory(organisation=org_b, referral_route="both")

    def make(**kwargs):
        return referral(service, by=by, organisation=org_b, **kwargs)

    make(sent=at("2026-11-02 09:00"), opened=at("2026-11-02 11:00"), status=S.ACCEPTED, answer=S.ACCEPTED,
         answered=at("2026-11-03 09:00"))
    make(sent=at("2026-10-30 16:00"), opened=at("2026-11-02 10:00"), status=S.WAITING_LIST, answer=S.WAITING_LIST,
         answered=at("2026-11-02 16:00"))
    make(sent=at("2026-10-05 09:00"), opened=at("2026-10-07 09:00"), status=S.DECLINED, answer=S.DECLINED,
         answered=at("2026-10-09 09:00"), decline_reason="no_capacity")
    make(sent=at("2026-09-01 09:00"), opened=at("2026-09-01 12:00"), status=S.DECLINED, answer=S.DECLINED,
         answered=at("2026-09-02 09:00"), decline_reason="not_eligible")
    make(sent=at("2026-11-10 09:00"))                                                        # not opened
    make(sent=at("2026-11-11 09:00"), opened=at("2026-11-12 09:00"), status=S.OPENED)        # opened, no answer
    make(sent=at("2026-06-01 09:00"), opened=at("2026-06-01 10:00"), status=S.OUTCOME_RECORDED, answer=S.ACCEPTED,
         answered=at("2026-06-03 09:00"), outcome="got_help")
    make(sent=at("2025-06-01 09:00"), opened=at("2025-06-01 10:00"), status=S.CLOSED, answer=S.ACCEPTED,
         answered=at("2025-06-02 09:00"), outcome="partly")                                   # over a year ago
    referral_start(service=service, by=by, organisation=org_b)                                # a draft: not counted
    by_alpha = professional(org_a)
    for _ in range(2):
        referral(beta_service, by=by_alpha, organisation=org_a, sent=at("2026-11-05 10:00"))
    return org_a


def test_an_organisation_s_figures_are_exact(alpha, no_decryption):
    figures = organisation_figures(alpha, today=TODAY)
    by_month = {m.month: (m.received, m.sent) for m in figures.months}
    assert len(figures.months) == 12 and figures.months[0].month == datetime.date(2025, 12, 1)
    assert {month: counts for month, counts in by_month.items() if counts != (0, 0)} == {
        datetime.date(2026, 11, 1): (3, 2), datetime.date(2026, 10, 1): (2, 0),
        datetime.date(2026, 9, 1): (1, 0), datetime.date(2026, 6, 1): (1, 0)}
    assert (figures.received, figures.sent) == (7, 2)
    # Opened after 2h, 0.75 (Friday 4pm to Monday 10am), 2, 3h, 1 day and 1h: working days.
    assert figures.time_to_open.count == 6
    assert figures.time_to_open.median == pytest.approx((0.125 + 0.75) / 2)
    assert figures.time_to_open.p90 == pytest.approx(2.0)
    assert (figures.time_to_answer.count, figures.time_to_answer.median, figures.time_to_answer.p90) == (5, 1.0, 4.0)
    assert (figures.received_answers.answered, figures.received_answers.taken_on, figures.received_answers.acceptance_rate) == (5, 3, 60)
    assert dict(figures.received_answers.declines) == {"No capacity": 1, "Not eligible": 1, "Not suitable": 0, "Other": 0}
    assert dict(figures.received_answers.outcomes) == {"Got help": 1, "Partly helped": 0, "Did not engage": 0, "Referred on": 0}
    assert (figures.not_opened, figures.opened_unanswered) == (1, 1)


def test_a_referrer_sees_what_became_of_the_referrals_it_sent(alpha, org_b, no_decryption):
    """Beta sent Alpha's referrals: their answers and outcomes are Beta's to see, counted the same way."""
    sent = organisation_figures(org_b, today=TODAY).sent_answers
    assert (sent.answered, sent.taken_on, sent.acceptance_rate) == (5, 3, 60)
    assert dict(sent.declines) == {"No capacity": 1, "Not eligible": 1, "Not suitable": 0, "Other": 0}
    assert dict(sent.outcomes)["Got help"] == 1
    assert sent == organisation_figures(alpha, today=TODAY).received_answers
    # Alpha's own two referrals to Beta are unanswered.
    assert organisation_figures(alpha, today=TODAY).sent_answers.answered == 0


def test_an_organisation_with_no_referrals_has_zeros_and_no_rate(org_b):
    figures = organisation_figures(org_b, today=TODAY)
    assert (figures.received, figures.sent, figures.received_answers.answered, figures.received_answers.acceptance_rate) == (0, 0, 0, None)
    assert figures.time_to_open.median is None and figures.time_to_answer.p90 is None


@pytest.fixture
def network(db, needs):
    """NHS → VCFSE 3 (2 declined for capacity, 1 not eligible), school → VCFSE 1, council → NHS 4 (all declined
    for capacity), residents → VCFSE 2, police → council 1; and a draft."""
    vcfse, vcfse_service = organisation_with_service("Hope Trust", "charity")
    nhs, nhs_service = organisation_with_service("City Hospitals", "nhs")
    council, council_service = organisation_with_service("City Council", "council")
    school = factories.OrganisationFactory(name="Oak Primary", organisation_type="school")
    police = factories.OrganisationFactory(name="Northumbria Police", organisation_type="police")
    sent = at("2026-10-01 09:00")
    parenting, money = needs
    nurse = professional(nhs)
    referral(vcfse_service, by=nurse, organisation=nhs, sent=sent, status=S.DECLINED, decline_reason="no_capacity",
             needs=[parenting])
    referral(vcfse_service, by=nurse, organisation=nhs, sent=sent, status=S.DECLINED, decline_reason="no_capacity",
             needs=[parenting, money])
    referral(vcfse_service, by=nurse, organisation=nhs, sent=sent, status=S.DECLINED, decline_reason="not_eligible")
    referral(vcfse_service, by=professional(school), organisation=school, sent=sent)
    officer = professional(council)
    for _ in range(4):
        referral(nhs_service, by=officer, organisation=council, sent=sent, status=S.DECLINED,
                 decline_reason="no_capacity", needs=[money])
    for _ in range(2):
        referral(vcfse_service, by=factories.UserFactory(), organisation=None, sent=sent)
    referral(council_service, by=professional(police), organisation=police, sent=sent)
    referral(council_service, by=officer, organisation=council, sent=at("2025-10-01 09:00"))  # too old
    referral_start(service=vcfse_service, by=nurse, organisation=nhs)                          # a draft


def test_the_network_s_flows_between_sectors_are_exact_and_small_ones_suppressed(network, no_decryption):
    figures = network_figures(today=TODAY)
    assert [s.value for s in figures.sources] == ["council", "nhs", "school", "other_statutory", "vcfse", "lio", "self"]
    assert Sector.SELF not in figures.targets
    matrix = {row.sector.value: {target.value: str(cell) for target, cell in zip(figures.targets, row.cells)}
              for row in figures.sector_rows}
    assert matrix["nhs"] == {"council": "0", "nhs": "0", "school": "0", "other_statutory": "0", "vcfse": "3", "lio": "0"}
    assert matrix["council"]["nhs"] == "4" and matrix["school"]["vcfse"] == "fewer than 3"
    assert matrix["self"]["vcfse"] == "fewer than 3" and matrix["other_statutory"]["council"] == "fewer than 3"
    assert {row.sector.value: str(row.total) for row in figures.sector_rows} == {
        "council": "4", "nhs": "3", "school": "fewer than 3", "other_statutory": "fewer than 3", "vcfse": "0",
        "lio": "0", "self": "fewer than 3"}
    assert [str(cell) for cell in figures.target_totals] == ["fewer than 3", "4", "0", "0", "6", "0"]
    assert str(figures.total) == "11"
    assert [(f.source, f.target, str(f.figure)) for f in figures.top_flows] == [
        ("City Council", "City Hospitals", "4"), ("City Hospitals", "Hope Trust", "3"),
        ("Self-referral", "Hope Trust", "fewer than 3"), ("Northumbria Police", "City Council", "fewer than 3"),
        ("Oak Primary", "Hope Trust", "fewer than 3")]
    assert [(reason, str(f)) for reason, f in figures.declines_by_reason] == [
        ("No capacity", "6"), ("Not eligible", "fewer than 3"), ("Not suitable", "0"), ("Other", "0")]
    # A referral naming two needs of one theme counts once in it.
    assert [(t.theme, [str(c) for c in t.cells], str(t.total)) for t in figures.declines_by_theme] == [
        ("Family life", ["6", "0", "0", "0"], "6"), ("No need chosen", ["0", "fewer than 3", "0", "0"], "fewer than 3")]


@pytest.mark.parametrize("kind, sector", [
    ("council", "council"), ("nhs", "nhs"), ("school", "school"), ("police", "other_statutory"), ("lio", "lio"),
    *[(kind, "vcfse") for kind in ("charity", "cio", "charitable_company", "community_group", "faith_group",
                                   "social_enterprise", "cic", "mutual")]])
def test_each_organisation_type_belongs_to_its_sector(kind, sector):
    assert sector_of(kind) == sector


def test_every_organisation_type_is_placed_and_a_self_referral_or_a_removed_organisation_is_its_own_source():
    assert {sector_of(kind) for kind in OrganisationType.values} <= set(Sector) - {Sector.SELF, Sector.UNLISTED}
    assert sector_of(None, self_referral=True) == Sector.SELF and sector_of(None) == Sector.UNLISTED


@pytest.mark.parametrize("start, end, days", [
    ("2026-11-02 09:00", "2026-11-02 15:00", 0.25),    # within a Monday
    ("2026-10-30 16:00", "2026-11-02 10:00", 0.75),    # over a weekend
    ("2026-10-31 10:00", "2026-11-01 20:00", 0.0),     # Saturday to Sunday
    ("2026-11-02 09:00", "2026-11-16 09:00", 10.0),    # two weeks
    ("2026-11-02 09:00", "2026-11-01 09:00", 0.0),     # backwards: nothing
])
def test_working_days_leave_out_weekends(start, end, days):
    assert working_days(at(start), at(end)) == pytest.approx(days)


def test_working_days_leave_out_bank_holidays_and_closure_days(settings):
    closed = frozenset({datetime.date(2026, 12, 25), datetime.date(2026, 12, 28), datetime.date(2026, 12, 26)})
    # Christmas Eve midday to the Tuesday after: half of the 24th, half of the 29th; the rest closed or weekend.
    assert working_days(at("2026-12-24 12:00"), at("2026-12-29 12:00"), closed) == pytest.approx(1.0)
    assert working_days(at("2026-12-25 10:00"), at("2026-12-25 12:00"), closed) == 0.0


def test_the_dashboard_counts_the_bank_holidays_escalation_counts(org_a, service, org_b, settings):
    settings.KITH_REFERRAL_CLOSURE_DAYS = ["2026-11-03"]
    referral(service, by=professional(org_b), organisation=org_b, sent=at("2026-11-02 09:00"),
             opened=at("2026-11-04 09:00"), status=S.OPENED)
    assert organisation_figures(org_a, today=TODAY).time_to_open.median == pytest.approx(1.0)


def test_the_90th_percentile_is_a_time_some_referral_took():
    assert summarise(list(range(1, 11))).p90 == 9 and summarise([3.0]).p90 == 3.0 and summarise([]).count == 0


def test_the_window_is_this_month_and_the_eleven_before():
    assert window(datetime.date(2026, 1, 31))[0] == datetime.date(2025, 2, 1)
    assert window(datetime.date(2026, 1, 31))[-1] == datetime.date(2026, 1, 1)


@pytest.fixture
def sent_long_ago(org_a, service, org_b, needs):
    """Two referrals to Alpha sent 14 months before TODAY: one declined for capacity last month, with an
    outcome-free history; one declined 13 months ago. And one sent then, opened last month, accepted and
    with its outcome recorded last week."""
    by = professional(org_b)
    old = at("2025-09-10 09:00")
    referral(service, by=by, organisation=org_b, sent=old, opened=at("2026-10-12 09:00"), status=S.DECLINED,
             answer=S.DECLINED, answered=at("2026-10-13 09:00"), decline_reason="no_capacity", needs=[needs[0]])
    referral(service, by=by, organisation=org_b, sent=old, opened=at("2025-10-01 09:00"), status=S.DECLINED,
             answer=S.DECLINED, answered=at("2025-10-02 09:00"), decline_reason="not_eligible", needs=[needs[0]])
    helped = referral(service, by=by, organisation=org_b, sent=old, opened=at("2026-10-12 09:00"),
                      status=S.OUTCOME_RECORDED, answer=S.ACCEPTED, answered=at("2026-10-14 09:00"), outcome="got_help")
    ReferralEvent.objects.create(referral=helped, kind=EventKind.STATUS_CHANGED, from_status=S.ACCEPTED,
                                 to_status=S.OUTCOME_RECORDED, at=at("2026-11-13 09:00"))
    return org_a


def test_the_network_counts_a_decline_by_when_it_was_declined_not_sent(sent_long_ago, no_decryption):
    figures = network_figures(today=TODAY)
    assert [(reason, str(f)) for reason, f in figures.declines_by_reason] == [
        ("No capacity", "fewer than 3"), ("Not eligible", "0"), ("Not suitable", "0"), ("Other", "0")]
    assert [(t.theme, str(t.total)) for t in figures.declines_by_theme] == [("Family life", "fewer than 3")]
    # Flows still count by when a referral was sent: these three were sent before the window.
    assert str(figures.total) == "0"


def test_the_network_leaves_out_a_decline_made_before_the_window_of_a_referral_sent_in_it(org_a, service, org_b):
    referral(service, by=professional(org_b), organisation=org_b, sent=at("2025-11-28 09:00"), status=S.DECLINED,
             answer=S.DECLINED, answered=at("2025-11-29 09:00"), decline_reason="no_capacity")
    # The window starts on 1 December 2025: sent and declined in November 2025, so not a decline of the window.
    assert [str(f) for _, f in network_figures(today=TODAY).declines_by_reason] == ["0", "0", "0", "0"]


def test_an_organisation_counts_answers_and_outcomes_by_when_they_happened(sent_long_ago, no_decryption):
    figures = organisation_figures(sent_long_ago, today=TODAY)
    assert figures.received == 0  # received counts by sending
    assert dict(figures.received_answers.declines) == {"No capacity": 1, "Not eligible": 0, "Not suitable": 0, "Other": 0}
    assert dict(figures.received_answers.outcomes) == {"Got help": 1, "Partly helped": 0, "Did not engage": 0, "Referred on": 0}
    assert (figures.received_answers.answered, figures.received_answers.taken_on) == (2, 1)
    # Opened and answered in the window, so their (long) times count: a slow answer is not hidden.
    assert figures.time_to_open.count == 2 and figures.time_to_answer.count == 2
    assert figures.time_to_open.median > 200
