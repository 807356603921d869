"""The results' figures on hand-built answers: exact counts, spread, gap, findings, trend and anonymity."""

from itertools import count

import pytest

from kith.assessments.results.charts import round_charts
from kith.assessments.results.figures import (ALL, GAP_HIGHLIGHT, OTHER, AnswerRow, round_figures, sector_groups,
                                              trends)

_ids = count()


def people(sector: str, values: list, statement: str = "S1", element: str = "E1", principle: str = "P1") -> list:
    """One respondent per value, each answering one statement."""
    return [AnswerRow(next(_ids), sector, principle, element, statement, v) for v in values]


def by_key(figures, level: str, label: str):
    return next(i for i in getattr(figures, level) if i.label == label)


def test_counts_mean_and_spread_per_statement_element_and_principle():
    answers = (people("council", [5, 4, 4, None, 2]) + people("vcfse", [1, 2, 2, 3, 5])
               + people("vcfse", [4, 4, 4, 4, 4], statement="S2", element="E2"))
    figures = round_figures(answers, threshold=5)
    s1 = by_key(figures, "statements", "S1")
    assert s1.all.distribution == [1, 3, 1, 2, 2]
    assert (s1.all.rated, s1.all.dont_know, s1.all.answers) == (9, 1, 10)
    assert s1.all.mean == pytest.approx(28 / 9)
    assert s1.tallies["council"].distribution == [0, 1, 0, 2, 1]
    assert s1.tallies["vcfse"].mean == pytest.approx(13 / 5)
    principle = by_key(figures, "principles", "P1")
    assert principle.all.distribution == [1, 3, 1, 7, 2]
    assert principle.all.mean == pytest.approx(48 / 14)
    assert [e.label for e in figures.elements_of("P1")] == ["E1", "E2"]
    assert by_key(figures, "elements", "E2").all.distribution == [0, 0, 0, 5, 0]


def test_gap_is_council_minus_vcfse_with_its_sign_in_words_and_highlighted_at_the_constant():
    figures = round_figures(people("council", [4, 4, 4, 4, 5]) + people("vcfse", [3, 3, 4, 3, 3]), threshold=5)
    gap = by_key(figures, "principles", "P1").gap
    assert gap.value == pytest.approx(4.2 - 3.2)
    assert gap.highlighted
    assert gap.words == "Council respondents are more positive, by 1.0 points"
    figures = round_figures(people("council", [3, 3, 3, 3, 3]) + people("vcfse", [3, 4, 3, 4, 3]), threshold=5)
    gap = by_key(figures, "principles", "P1").gap
    assert gap.value == pytest.approx(-0.4) and not gap.highlighted
    assert gap.words.startswith("VCFSE respondents are more positive, by 0.4")
    # exactly the constant is highlighted
    figures = round_figures(people("council", [3, 3, 3, 3, 3]) + people("vcfse", [4, 3, 4, 3, 4, 3]), threshold=5)
    assert by_key(figures, "principles", "P1").gap.value == pytest.approx(-GAP_HIGHLIGHT)
    assert by_key(figures, "principles", "P1").gap.highlighted


def test_the_gap_shown_is_the_difference_of_the_averages_shown():
    # 3.86 and 2.44 are shown as 3.9 and 2.4: the gap reads 1.5, not the exact 1.42 rounded to 1.4
    figures = round_figures(people("council", [4] * 43 + [3] * 7) + people("vcfse", [2] * 28 + [3] * 22), threshold=5)
    gap = by_key(figures, "principles", "P1").gap
    assert gap.value == pytest.approx(1.42)
    assert (f"{gap.council:.1f}", f"{gap.vcfse:.1f}", gap.shown) == ("3.9", "2.4", 1.5)
    assert gap.words == "Council respondents are more positive, by 1.5 points"
    chart = round_charts(figures, [])["gap"]
    assert chart.table.rows[0][1:4] == ["3.9", "2.4", "+1.5"]
    # 3.46 and 3.00 are shown as 3.5 and 3.0: a gap that reads 0.5 is highlighted like any other of 0.5
    figures = round_figures(people("council", [3] * 27 + [4] * 23) + people("vcfse", [3] * 50), threshold=5)
    gap = by_key(figures, "principles", "P1").gap
    assert gap.value < GAP_HIGHLIGHT and gap.shown == GAP_HIGHLIGHT
    assert gap.highlighted and gap.words.endswith("by 0.5 points")


def test_strengths_weaknesses_and_what_both_sectors_agree_is_weak():
    answers = []
    for statement, council, vcfse in (("High", 5, 5), ("Good", 4, 4), ("Middle", 3, 4), ("Poor", 2, 2), ("Worst", 1, 2)):
        answers += people("council", [council] * 5, statement=statement) + people("vcfse", [vcfse] * 5, statement=statement)
    figures = round_figures(answers, threshold=5)
    assert [f.statement for f in figures.strengths] == ["High", "Good"]
    assert figures.strengths[0].words == "Average 5.0 out of 5; 100% agree."
    assert [f.statement for f in figures.weaknesses] == ["Worst", "Poor"]
    assert figures.weaknesses[0].words == "Average 1.5 out of 5; 100% disagree."
    assert [f.statement for f in figures.agreed_weaknesses] == ["Poor", "Worst"]
    assert figures.agreed_weaknesses[1].words == "Both sectors rate it below the midpoint: council 1.0, VCFSE 2.0."


def test_trend_per_principle_in_words():
    spring = people("council", [2, 2, 3, 3, 3], principle="Trust")
    autumn = people("council", [4, 4, 3, 3, 3], principle="Trust")
    winter = people("council", [4, 4, 3, 3, 3], principle="Trust")
    result = trends([("Spring", spring, 5), ("Autumn", autumn, 5)])
    assert [(p.round, p.mean) for p in result[0].points] == [("Spring", 2.6), ("Autumn", 3.4)]
    assert result[0].words == "Up 0.8 since Spring (from 2.6 to 3.4)."
    assert trends([("Autumn", autumn, 5), ("Winter", winter, 5)])[0].words.startswith("About the same as in Autumn")
    # an earlier round below its threshold gives no figure rather than a small group's average
    result = trends([("Tiny", people("council", [1]), 5), ("Now", winter, 5)])
    assert result[0].points[0].mean is None and result[0].words == "No earlier round to compare with."



@pytest.mark.parametrize(("before", "after", "words"), [
    ([3] * 43 + [2] * 7, [3] * 48 + [4] * 2, "Up 0.1 since Then (from 2.9 to 3.0)."),  # 2.86 to 3.04
    ([3] * 48 + [2] * 2, [3] * 48 + [4] * 2, "About the same as in Then (3.0, now 3.0)."),  # 2.96 to 3.04
])
def test_the_trends_change_agrees_with_the_averages_it_shows(before, after, words):
    result = trends([("Then", people("council", before, principle="Trust"), 5),
                     ("Now", people("council", after, principle="Trust"), 5)])
    assert result[0].words == words


@pytest.mark.parametrize(("counts", "shown", "hidden"), [
    ({"council": 6, "vcfse": 7}, {ALL: 13, "council": 6, "vcfse": 7}, []),
    # two small groups pooled reach the threshold: shown together, never apart
    ({"council": 6, "vcfse": 7, "lio": 3, "other_statutory": 2}, {ALL: 18, "council": 6, "vcfse": 7, OTHER: 5},
     ["other_statutory", "lio"]),
    # one small group alone: All minus the others would reveal it, so a shown sector outside the gap joins it
    ({"council": 6, "vcfse": 7, "lio": 1, "other_statutory": 5}, {ALL: 19, "council": 6, "vcfse": 7, OTHER: 6},
     ["other_statutory", "lio"]),
    # nothing outside the gap to join: the smaller of council and VCFSE joins, and the gap is not shown
    ({"council": 6, "vcfse": 9, "lio": 1}, {ALL: 16, "vcfse": 9, OTHER: 7}, ["council", "lio"]),
    ({"council": 4, "vcfse": 9}, {ALL: 13}, ["council", "vcfse"]),
    ({"council": 4, "vcfse": 3}, {ALL: 7}, ["council", "vcfse"]),
    ({"council": 2, "vcfse": 2}, {}, ["council", "vcfse"]),
])
def test_no_sector_below_the_threshold_is_shown_or_recoverable(counts, shown, hidden):
    groups, hidden_sectors = sector_groups(counts, threshold=5)
    assert {g.key: g.respondents for g in groups} == shown
    assert hidden_sectors == hidden
    named = [g for g in groups if g.key != ALL]
    remainder = sum(counts.values()) - sum(g.respondents for g in named)
    assert remainder == 0 or remainder >= 5 or not named
    assert all(g.respondents >= 5 for g in groups)


def test_a_small_group_s_answers_count_in_all_but_never_appear_alone_or_by_subtraction():
    answers = people("council", [4] * 6) + people("vcfse", [3] * 7) + people("lio", [1])
    figures = round_figures(answers, threshold=5)
    statement = figures.statements[0]
    assert set(statement.tallies) == {ALL, "vcfse", OTHER}
    assert statement.all.distribution == [1, 0, 7, 6, 0]
    assert statement.tallies[OTHER].distribution == [1, 0, 0, 6, 0]
    assert statement.gap is None and not figures.has_gap
    shown_apart = [t.distribution for k, t in statement.tallies.items() if k not in (ALL, OTHER)]
    assert [a - sum(d) for a, *d in zip(statement.all.distribution, *shown_apart)] != [1, 0, 0, 0, 0]


def test_lowering_the_threshold_shows_the_small_group():
    answers = people("council", [4, 5]) + people("vcfse", [2, 2, 3])
    assert round_figures(answers, threshold=5).groups[1:] == []
    figures = round_figures(answers, threshold=2)
    assert [g.key for g in figures.groups] == [ALL, "council", "vcfse"]
    assert figures.principles[0].gap.highlighted


def test_a_round_with_fewer_respondents_than_the_threshold_shows_nothing():
    figures = round_figures(people("council", [5, 5]) + people("vcfse", [1]), threshold=5)
    assert not figures.shown and figures.principles == [] and figures.strengths == []


@pytest.mark.parametrize("counts, words", [
    ({"council": 6, "vcfse": 7, "lio": 1, "other_statutory": 5},
     "other statutory bodies and the local infrastructure organisation"),
    ({"council": 6, "vcfse": 9, "lio": 1}, "the council and the local infrastructure organisation"),
    ({"council": 6, "vcfse": 7, "lio": 5}, ""),
])
def test_the_pooled_groups_are_named_in_a_sentence(counts, words):
    answers = [row for sector, n in counts.items() for row in people(sector, [3] * n)]
    assert round_figures(answers, threshold=5).hidden_in_words == words


def test_many_pooled_groups_read_as_a_list():
    # Council, LIO and other statutory bodies together are still under five, so the VCFSE sector joins them.
    answers = people("council", [4] * 2) + people("vcfse", [3] * 12) + people("lio", [1]) + people("other_statutory", [2])
    figures = round_figures(answers, threshold=5)
    assert figures.hidden_in_words == ("the council, the VCFSE sector, other statutory bodies and "
                                       "the local infrastructure organisation")
