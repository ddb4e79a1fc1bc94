"""Hours per day (or per week) of the Reports pane's period as columns, drawn with block
characters (eighths at the top of a column), scaled to the widget's height, with the hours on
the left axis and the days (or the months) under it. Plain Rich text: no plotting library to
load."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from fcc.tui.text import hm
from fcc.tui.widgets.plan_scores import fill

AXIS = 6  # the left axis: "12:00┤"
Bars = tuple[tuple[dt.date, int], ...]


def ticks(top: int) -> int:
    """A round number of hours at or above ``top`` seconds for the axis's top (1, 2, 4, 6,
    8, 10, 12, 16, 24, 40 ... hours)."""
    hours = max(1, -(-top // 3600))
    for nice in (1, 2, 4, 6, 8, 10, 12, 16, 24, 40, 60, 80, 100, 120, 160, 200):
        if hours <= nice:
            return nice * 3600
    return -(-hours // 100) * 100 * 3600


class HoursChart(Widget):
    """``bars``: (day, seconds) per column; ``unit``: day or week (a week keyed by its first
    day); ``today`` is marked."""

    DEFAULT_CSS = """
    HoursChart { height: 8; text-wrap: nowrap; text-overflow: clip; }
    HoursChart > .hours--bar { color: $text-accent; }
    HoursChart > .hours--today { color: $text-warning; text-style: bold; }
    HoursChart > .hours--dim { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"hours--bar", "hours--today", "hours--dim"}

    bars: reactive[Bars] = reactive((), always_update=True)
    unit: reactive[str] = reactive("day")
    today: reactive[dt.date | None] = reactive(None)

    def style_of(self, name: str) -> str:
        return str(self.get_component_rich_style(f"hours--{name}"))

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        bars = self.bars
        if not bars:
            return out
        bar, today_style, dim = (self.style_of(n) for n in ("bar", "today", "dim"))
        width = max(1, self.size.width - AXIS - 1)
        rows = max(2, self.size.height - 2)
        slot = max(1, width // len(bars))
        shown = bars[-(width // slot):] if len(bars) * slot > width else bars
        column = slot - 1 if slot >= 3 else slot  # a gap between columns when there is room
        total = sum(s for _, s in bars)
        top = ticks(max(s for _, s in bars))
        per = "day" if self.unit == "day" else "week"
        out.append(f"Hours per {per}  ", style="bold")
        out.append(f"total {hm(total)}  ", style=dim)
        busiest = max(bars, key=lambda b: b[1])
        if busiest[1]:
            out.append(f"·  most {hm(busiest[1])} ({_label(busiest[0], self.unit)})",
                       style=dim)
        out.append("\n")
        cells = [fill_share(seconds, top, rows) for _, seconds in shown]
        for row in range(rows - 1, -1, -1):
            label = _hours(top) if row == rows - 1 else \
                _hours(top // 2) if row == rows // 2 and rows > 3 else \
                "0h" if row == 0 else ""
            out.append(f"{label:>{AXIS - 1}}", style=dim)
            out.append("┤" if label else "│", style=dim)
            # one span per run of equal cells (the gaps take the bars' style): a span per
            # column costs Rich's renderer more than the rest of the pane; a run of mixed
            # eighths would be drawn unevenly by SVG renderers
            run: list[str] = []
            run_style = bar
            for (day, _), col in zip(shown, cells, strict=True):
                style = today_style if self._holds_today(day) else bar
                cell = col[row] * column + " " * (slot - column)
                if run and (style != run_style or cell != run[-1]):
                    out.append("".join(run), style=run_style)
                    run = []
                run_style = style
                run.append(cell)
            out.append("".join(run), style=run_style)
            out.append("\n")
        out.append(" " * AXIS)
        out.append(_axis(shown, self.unit, slot), style=dim)
        return out

    def _holds_today(self, day: dt.date) -> bool:
        today = self.today
        if today is None:
            return False
        return day == today if self.unit == "day" else day <= today < day + dt.timedelta(7)


def fill_share(seconds: int, top: int, rows: int) -> list[str]:
    from decimal import Decimal

    return fill(Decimal(seconds) / Decimal(top) if top else Decimal(0), rows)


def _hours(seconds: int) -> str:
    """An axis label: ``8h``, or ``0:30`` when not whole hours."""
    return f"{seconds // 3600}h" if seconds % 3600 == 0 else hm(seconds)


def _label(day: dt.date, unit: str) -> str:
    return f"{day:%a %d %b}" if unit == "day" else f"week of {day:%d %b}"


def _axis(shown: Bars, unit: str, slot: int) -> str:
    """Under the columns: day numbers (each that fits), or the month where one starts."""
    line = [" "] * (len(shown) * slot)
    last_end = -1
    for i, (day, _) in enumerate(shown):
        if unit == "day":
            text = f"{day.day}"
            wanted = i == 0 or day.day == 1 or day.weekday() == 0 or slot >= 3
        else:
            text = f"{day + dt.timedelta(days=6):%b}"
            wanted = i == 0 or (day + dt.timedelta(days=6)).month != (
                shown[i - 1][0] + dt.timedelta(days=6)).month
        at = i * slot
        if wanted and at > last_end and at + len(text) <= len(line):
            line[at:at + len(text)] = list(text)
            last_end = at + len(text)
    return "".join(line).rstrip()
