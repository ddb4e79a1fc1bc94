"""The cycle's goals with their lag and lead measures as progress bars against their targets;
computed measures (hours tracked, amounts billed) are marked ``⟳`` and their actuals are read
live with the rest of the pane."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from fcc.tui.text import one_line
from fcc.tui.widgets.plan_scores import pct

if TYPE_CHECKING:
    from fcc.store import records_plans as rp

PARTS = " ▏▎▍▌▋▊▉█"


def number(value: Decimal | None) -> str:
    """A measure's figure: whole numbers without decimals, else one (``12.5``), ``–``."""
    if value is None:
        return "–"
    if value == value.to_integral_value() or abs(value) >= 100:
        return f"{value.quantize(Decimal(1), 'ROUND_HALF_UP')}"
    return f"{value.quantize(Decimal('0.1'), 'ROUND_HALF_UP')}"


def progress_bar(progress: Decimal | None, width: int) -> str:
    """``width`` cells filled to ``progress`` percent (at most full), in eighths."""
    if width <= 0:
        return ""
    if progress is None:
        return "░" * width
    eighths = int((min(progress, Decimal(100)) * width * 8 / 100).quantize(Decimal(1)))
    full, part = divmod(max(0, eighths), 8)
    return ("█" * full + (PARTS[part] if part else "")).ljust(width, "░")


def figures(measure: rp.Measure) -> str:
    """``6200/12000 EUR`` (actual/target unit), the period when it is per week."""
    unit = f" {one_line(measure.unit, 20)}" if measure.unit else ""
    target = f"/{number(measure.target)}" if measure.target is not None else ""
    per = "/wk" if measure.period == "week" else ""
    return f"{number(measure.actual)}{target}{unit}{per}"


class GoalMeasures(Widget):
    """Each goal: its kind, title and score, then its measures, one line each."""

    DEFAULT_CSS = """
    GoalMeasures { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    GoalMeasures > .goals--title { text-style: bold; }
    GoalMeasures > .goals--kind { color: $text-secondary; text-style: bold; }
    GoalMeasures > .goals--good { color: $text-success; }
    GoalMeasures > .goals--low { color: $text-error; }
    GoalMeasures > .goals--dim { color: $text-muted; }
    GoalMeasures > .goals--bar { color: $text-accent; }
    """
    COMPONENT_CLASSES = {"goals--title", "goals--kind", "goals--good", "goals--low",
                         "goals--dim", "goals--bar"}

    goals: reactive[tuple[rp.Goal, ...]] = reactive((), layout=True)
    bar: reactive[Decimal] = reactive(Decimal(85))

    def style_of(self, name: str) -> str:
        return str(self.get_component_rich_style(f"goals--{name}"))

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        width = max(20, self.size.width or 40)
        dim, good, low = self.style_of("dim"), self.style_of("good"), self.style_of("low")
        if not self.goals:
            # a line each: at 80x24 the goals get half the width, and one line lost its end
            out.append("No goals yet:\n  ctrl+p → Set goal…\n  (one business, one personal)",
                       style=dim)
            return out
        layout = columns([m for g in self.goals for m in g.measures], width)
        for i, goal in enumerate(self.goals):
            if i:
                out.append("\n")
            out.append(goal.kind.capitalize() + " ", style=self.style_of("kind"))
            score = pct(goal.score) if goal.score is not None else "–"
            room = max(4, width - len(goal.kind) - len(score) - 2)
            out.append(one_line(goal.title, room).ljust(room) + " ",
                       style=self.style_of("title"))
            out.append(score, style=dim if goal.score is None
                       else good if goal.score >= self.bar else low)
            if not goal.measures:
                out.append("\n  no measures yet", style=dim)
            for measure in goal.measures:
                out.append("\n")
                self._measure(out, measure, layout)
        return out

    def _measure(self, out: Text, measure: rp.Measure, layout: Columns) -> None:
        dim = self.style_of("dim")
        progress = measure.progress
        out.append("⟳ " if measure.computed else "  ",
                   style=self.style_of("bar") if measure.computed else dim)
        out.append(f"{measure.kind:<4} ", style=dim)
        out.append(one_line(measure.name, layout.name).ljust(layout.name) + " ")
        if layout.bar:
            filled = progress is not None and progress >= 100
            bar = progress_bar(progress, layout.bar)
            solid = bar.rstrip("░")
            out.append(solid, style=self.style_of("good") if filled else self.style_of("bar"))
            out.append(bar[len(solid):], style=dim)
        tail = tail_of(measure, full=layout.full)
        out.append(tail.rjust(layout.tail), style="" if progress is not None else dim)


class Columns(NamedTuple):
    name: int
    bar: int
    tail: int
    full: bool  # the figures shown (else the percent only)


def tail_of(measure: rp.Measure, *, full: bool) -> str:
    progress = measure.progress
    shown = pct(progress) if progress is not None else ""
    if full:
        return f" {figures(measure)}" + (f" {shown}" if shown else "")
    return f" {shown or number(measure.actual)}"


def columns(measures: list[rp.Measure], width: int) -> Columns:
    """One layout for every measure line (the bars line up): the name, the bar, then the
    figures; a narrow pane keeps the bar and shows only the percent."""
    name = min(22, max((len(m.name) for m in measures), default=6))
    for full in (True, False):
        tail = max((len(tail_of(m, full=full)) for m in measures), default=0)
        bar = min(30, width - 7 - name - tail)  # "⟳ lead " is 7 cells, the name's space 1
        if bar >= 8:
            return Columns(name, bar - 1, tail, full)
    name = max(6, width - 7 - tail - 9)
    return Columns(name, max(0, width - 7 - name - tail - 1), tail, False)
