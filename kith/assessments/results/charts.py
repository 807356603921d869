"""The results' charts as SVG drawn on the server. Colour is never the only carrier: disagreement sits left of
the centre line and agreement right, strong answers are hatched, the two sectors are a circle and a square,
and every figure is written as text. Each Chart carries the table of the same figures, which the page shows
beside it (built from the same numbers, so the two cannot differ)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .figures import GAP_HIGHLIGHT, SCALE, SCALE_LABELS, Item, RoundFigures, Trend

WIDTH = 820
# Room for the longest row label ("Capacity and resources: Other sectors") at the charts' font size.
LABEL = 290
ROW = 34
FONT = 'font-family="system-ui, Arial, sans-serif" font-size="13" fill="#0b0c0c"'
FILLS = {1: "#b3261e", 2: "#e8a39f", 3: "#d9d9d9", 4: "#8fb8de", 5: "#1d5c96"}
HATCHED = {1, 5}


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    svg: SafeString
    table: Table


def _text(x: float, y: float, words: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" {FONT}{extra}>{escape(words)}</text>'


def _svg(key: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            f'aria-labelledby="{key}-title {key}-desc" focusable="false">'
            f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(desc)}</desc>')
    return mark_safe(head + "".join(body) + "</svg>")  # every piece of text above was escaped


def _patterns(key: str) -> str:
    return ("<defs>" + "".join(
        f'<pattern id="{key}-hatch-{v}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{FILLS[v]}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        f"</pattern>" for v in HATCHED) + "</defs>")


def _fill(key: str, value: int) -> str:
    return f"url(#{key}-hatch-{value})" if value in HATCHED else FILLS[value]


def diverging(key: str, title: str, rows: list[tuple[str, Item, str]]) -> Chart:
    """One bar per (label, item, group key): disagreement left of the centre, agreement right, the neutral
    answers split across the centre, Don't know written at the end."""
    centre, half = LABEL + 180, 180
    body = [_patterns(key)]
    legend_y = 16
    x = 60
    for value in SCALE:
        words = SCALE_LABELS[value].replace("Neither agree nor disagree", "Neither")
        body.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{_fill(key, value)}" stroke="#0b0c0c"/>')
        body.append(_text(x + 18, legend_y, words))
        x += 18 + 8 * len(words) + 16  # room for the words at 13px, so labels never overlap
    table_rows = []
    for n, (label, item, group) in enumerate(rows):
        tally = item.tallies[group]
        y = 32 + n * ROW
        body.append(_text(LABEL - 8, y + 17, label, "end"))
        shares = [tally.rated and c / tally.rated for c in tally.distribution]
        left = centre - half * (shares[0] + shares[1] + shares[2] / 2)
        for value, share in zip(SCALE, shares):
            width = half * share
            if width > 0:
                body.append(f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="24" fill="{_fill(key, value)}" '
                            f'stroke="#ffffff"/>')
            left += width
        body.append(_text(WIDTH - 4, y + 17, f"{tally.dont_know} don’t know", "end"))
        table_rows.append([label, *[str(c) for c in tally.distribution], str(tally.dont_know),
                           f"{tally.mean:.1f}" if tally.mean is not None else "–"])
    height = 40 + len(rows) * ROW
    body.append(f'<line x1="{centre}" y1="26" x2="{centre}" y2="{height - 6}" stroke="#0b0c0c" stroke-width="2"/>')
    body.append(_text(centre - 6, height - 2, "← disagree", "end"))
    body.append(_text(centre + 6, height - 2, "agree →"))
    desc = ("Bars of answers: disagreement to the left of the centre line, agreement to the right, neutral answers "
            "across it; strong answers hatched. " + "; ".join(
                f"{r[0]}: {r[1].tallies[r[2]].share(r[1].tallies[r[2]].disagree)}% disagree, "
                f"{r[1].tallies[r[2]].share(r[1].tallies[r[2]].agree)}% agree" for r in rows))
    table = Table(f"{title}: number of answers at each point", ["", *SCALE_LABELS.values(), "Don’t know", "Average"],
                  table_rows)
    return Chart(key, title, desc, _svg(key, title, desc, height + 8, body), table)


def _scale_x(value: float) -> float:
    return LABEL + 20 + (value - 1) * 85


def gap_dots(key: str, items: list[Item]) -> Chart:
    """Council (circle) and VCFSE (square) averages per principle on the 1 to 5 scale, with the gap in words."""
    title = "Council and VCFSE averages by principle"
    body = [_text(_scale_x(v), 40, f"{v}", "middle") for v in SCALE]
    body.append(f'<circle cx="66" cy="12" r="6" fill="#1d5c96"/>' + _text(76, 16, "Council"))
    body.append(f'<rect x="160" y="6" width="12" height="12" fill="#d4351c"/>' + _text(176, 16, "VCFSE"))
    table_rows, notes = [], []
    shown = [i for i in items if i.gap]
    for n, item in enumerate(shown):
        gap, y = item.gap, 64 + n * ROW
        cx, vx = _scale_x(gap.council), _scale_x(gap.vcfse)
        mark = " (highlighted)" if gap.highlighted else ""
        body.append(_text(LABEL - 8, y + 4, item.label, "end"))
        body.append(f'<line x1="{_scale_x(1)}" y1="{y}" x2="{_scale_x(5)}" y2="{y}" stroke="#b1b4b6"/>')
        body.append(f'<line x1="{min(cx, vx):.1f}" y1="{y}" x2="{max(cx, vx):.1f}" y2="{y}" stroke="#0b0c0c" '
                    f'stroke-width="{4 if gap.highlighted else 2}"/>')
        body.append(f'<circle cx="{cx:.1f}" cy="{y}" r="7" fill="#1d5c96"/>')
        body.append(f'<rect x="{vx - 6:.1f}" y="{y - 6}" width="12" height="12" fill="#d4351c"/>')
        body.append(_text(_scale_x(5) + 16, y + 4, f"gap {gap.shown:+.1f}{' !' if gap.highlighted else ''}"))
        table_rows.append([item.label, f"{gap.council:.1f}", f"{gap.vcfse:.1f}", f"{gap.shown:+.1f}",
                           gap.words + mark])
        notes.append(f"{item.label}: council {gap.council:.1f}, VCFSE {gap.vcfse:.1f}, {gap.words.lower()}{mark}")
    desc = (f"Circles are council averages, squares VCFSE averages; gaps of {GAP_HIGHLIGHT} points or more are marked "
            f"with ! and a thicker line. " + "; ".join(notes))
    table = Table(f"{title}: the perception gap (council minus VCFSE)",
                  ["Principle", "Council average", "VCFSE average", "Gap", "In words"], table_rows)
    return Chart(key, title, desc, _svg(key, title, desc, 76 + len(shown) * ROW, body), table)


MARKERS = ("circle", "square", "triangle", "diamond")


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0b0c0c"/>'
    if kind == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#0b0c0c"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" fill="#0b0c0c"/>'
    return f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}" fill="#0b0c0c"/>'


def trend_lines(key: str, trends: list[Trend]) -> Chart:
    """Each principle's average per round (1 to 5 upwards), a line with its own marker and its name at the end."""
    title = "Each principle’s average, round by round"
    labels = [p.round for p in trends[0].points] if trends else []
    top, plot = 20, 200
    # The first round sits far enough in for its name to fit; the names at the lines' ends need ~300 units.
    first, room_for_names = 170, 310
    step = (WIDTH - first - room_for_names) / max(len(labels) - 1, 1)

    def at(i: int, mean: float) -> tuple[float, float]:
        return first + i * step, top + plot - (mean - 1) / 4 * plot

    body = [_text(52, top + plot - (v - 1) / 4 * plot + 4, str(v), "end") for v in SCALE]
    body += [_text(first + i * step, top + plot + 22, label, "middle") for i, label in enumerate(labels)]
    ends = []
    earlier: dict[int, list[tuple[float, float, str]]] = {}
    for n, trend in enumerate(trends):
        kind = MARKERS[n % len(MARKERS)]
        points = [(i, at(i, p.mean)) for i, p in enumerate(trend.points) if p.mean is not None]
        if len(points) > 1:
            body.append('<polyline fill="none" stroke="#505a5f" stroke-width="2" points="'
                        + " ".join(f"{x:.1f},{y:.1f}" for _, (x, y) in points) + '"/>')
        for i, (x, y) in points[:-1]:
            body.append(_marker(kind, x, y))
            earlier.setdefault(i, []).append((x, y, f"{trend.points[i].mean:.1f}"))
        if points:
            # The last point's figure goes with the name, where labels are kept apart.
            (i, (x, y)) = points[-1]
            body.append(_marker(kind, x, y))
            ends.append(((x, y), f"{trend.principle} ({kind}): {trend.points[i].mean:.1f}"))
    # Earlier rounds' figures to the left of their markers, moved apart like the names below.
    for column in earlier.values():
        last_y = -100.0
        for x, y, words in sorted(column, key=lambda c: c[1]):
            last_y = max(y + 4, last_y + 16)
            body.append(_text(x - 12, last_y, words, "end"))
    # Names at the lines' ends, moved apart so that close averages do not print over each other.
    last_y = -100.0
    for (x, y), words in sorted(ends, key=lambda e: e[0][1]):
        last_y = max(y + 4, last_y + 16)
        body.append(_text(x + 16, last_y, words))
    desc = "; ".join(f"{t.principle}: " + ", ".join(
        f"{p.round} {p.mean:.1f}" if p.mean is not None else f"{p.round} no figure" for p in t.points) for t in trends)
    table = Table(f"{title} (the same figures)", ["Principle", *labels, "Change"],
                  [[t.principle, *[f"{p.mean:.1f}" if p.mean is not None else "–" for p in t.points], t.words]
                   for t in trends])
    return Chart(key, title, desc, _svg(key, title, desc, top + plot + 36, body), table)


def round_charts(figures: RoundFigures, trends: list[Trend], prefix: str = "") -> dict[str, Chart | None]:
    """The results' three charts (None where there is nothing to draw); the prefix keeps SVG ids unique on a page."""
    if not figures.shown:
        return {"spread": None, "gap": None, "trend": None}
    spread_rows = [(f"{p.label}: {group.label}", p, group.key) for p in figures.principles for group in figures.groups]
    return {"spread": diverging(f"{prefix}spread", "The spread of answers by principle", spread_rows),
            "gap": gap_dots(f"{prefix}gap", figures.principles) if figures.has_gap else None,
            "trend": trend_lines(f"{prefix}trend", trends) if trends else None}
