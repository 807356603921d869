"""The results' charts: well-formed SVG with a title and description, figures written as text, and a table
that carries the same figures."""

import xml.etree.ElementTree as ET

from kith.assessments.results.charts import diverging, gap_dots, trend_lines
from kith.assessments.results.figures import ALL, round_figures, trends

from .test_results_figures import people

SVG = "{http://www.w3.org/2000/svg}"


def parsed(chart):
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text
    return root, [t.text for t in root.iter(f"{SVG}text")]


def figures():
    answers = (people("council", [5, 5, 4, 4, 1], principle="Trust <& co>") + people("vcfse", [2, 2, 3, 3, None], principle="Trust <& co>")
               + people("council", [3] * 5, principle="Structures") + people("vcfse", [3, 3, 3, 3, 4], principle="Structures"))
    return round_figures(answers, threshold=5)


def test_the_spread_chart_puts_disagreement_left_and_agrees_with_its_table():
    result = figures()
    chart = diverging("spread", "Spread", [(p.label, p, ALL) for p in result.principles])
    root, texts = parsed(chart)
    assert "Trust <& co>" in texts and "1 don’t know" in texts and "← disagree" in texts
    trust = chart.table.rows[0]
    assert trust == ["Trust <& co>", "1", "2", "2", "2", "2", "1", "3.2"]
    assert "Trust <& co>: 33% disagree, 44% agree" in chart.desc
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "24"]
    centre = float(next(line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#0b0c0c").get("x1"))
    # the first principle's strongly disagree bar ends where disagree begins, left of the centre
    assert float(bars[0].get("x")) < float(bars[1].get("x")) < centre
    assert bars[0].get("fill").startswith("url(#spread-hatch-1)")


def test_the_gap_chart_writes_every_gap_and_marks_the_highlighted_ones():
    chart = gap_dots("gap", figures().principles)
    _, texts = parsed(chart)
    assert chart.table.rows == [
        ["Trust <& co>", "3.8", "2.5", "+1.3", "Council respondents are more positive, by 1.3 points (highlighted)"],
        ["Structures", "3.0", "3.2", "-0.2", "VCFSE respondents are more positive, by 0.2 points"]]
    assert texts.count("gap +1.3 !") == 1 and "gap -0.2" in texts


def test_the_trend_chart_labels_each_point_and_its_table_says_the_change():
    earlier = people("council", [2, 2, 2, 2, 2], principle="Trust")
    now = people("council", [4, 4, 4, 3, 3], principle="Trust")
    chart = trend_lines("trend", trends([("2025", earlier, 5), ("2026", now, 5)]))
    _, texts = parsed(chart)
    assert chart.table.rows == [["Trust", "2.0", "3.6", "Up 1.6 since 2025 (from 2.0 to 3.6)."]]
    assert {"2.0", "2025", "2026", "Trust (circle): 3.6"} <= set(texts)
