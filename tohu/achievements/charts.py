"""Server-rendered SVG bar charts: geometry only; the template draws them beside a data table."""

from __future__ import annotations

from dataclasses import dataclass

from tohu.achievements.selectors import FigureRow

LABEL_WIDTH = 220
BAR_AREA = 360
ROW_HEIGHT = 24
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int
    text_y: int
    count_x: int


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar per row, scaled to the largest count."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH

    @property
    def bar_x(self) -> int:
        return self.label_width


def bar_chart(title: str, rows: list[FigureRow]) -> BarChart:
    largest = max((row.count for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_AREA * row.count / largest)
        y = index * ROW_HEIGHT + 4
        bars.append(
            Bar(
                label=row.label if len(row.label) <= 32 else row.label[:31] + "…",
                count=row.count,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 3,
                count_x=LABEL_WIDTH + width + 6,
            )
        )
    height = max(len(rows), 1) * ROW_HEIGHT + 8
    return BarChart(title=title, bars=bars, width=LABEL_WIDTH + BAR_AREA + 80, height=height)
