"""Horizontal bar charts drawn on the server as SVG. Every bar carries its number as text beside it, so
colour is never the only carrier; each chart sits next to a table of the same figures."""

from dataclasses import dataclass

from kith.needs.intelligence.summary import Figure

WIDTH = 640
LABEL_WIDTH = 280
VALUE_WIDTH = 90
BAR_HEIGHT = 22
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return WIDTH


def bar_chart(title: str, items: list[tuple[str, int | Figure]]) -> Chart:
    """One bar per (label, count). A suppressed Figure gets no bar, only its words: its length would tell."""
    numbers = [item.number if isinstance(item, Figure) else item for _, item in items]
    largest = max((n for n in numbers if n), default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [Bar(label=label, text=str(item), y=i * (BAR_HEIGHT + GAP),
                width=round(span * number / largest) if number and largest else 0)
            for i, ((label, item), number) in enumerate(zip(items, numbers))]
    return Chart(title=title, bars=bars, height=max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
