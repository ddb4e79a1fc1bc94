"""The cycle's goals with their lag and lead measures as progress bars against their targets;
computed measures (hours tracked, amounts billed) are marked ``⟳`` and their actuals are read
live with the rest of the pane."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

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
        return "·" * width
    eighths = int((min(progress, Decimal(100)) * width * 8 / 100).quantize(Decimal(1)))
    full, part = divmod(max(0, eighths), 8)
    return ("█" * full + (PARTS[part] if part else "")).ljust(width, " ")


def figures(measure: rp.Measure) -> str:
    """``6200/12000 EUR`` (actual/target unit), the period when it is per week."""
    unit = f" {measure.unit}" if measure.unit else ""
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
            out.append("No goals yet: ctrl+p → Set goal… (one business, one personal)",
                       style=dim)
            return out
        for i, goal in enumerate(self.goals):
            if i:
                out.append("\n")
            out.append(goal.kind.capitalize() + " ", style=self.style_of("kind"))
            score = pct(goal.score) if goal.score is not None else "–"
            room = width - len(goal.kind) - len(score) - 3
            out.append(one_line(goal.title, max(4, room)).ljust(max(4, room)),
                       style=self.style_of("title"))
            out.append(" " + score, style=dim if goal.score is None
                       else good if goal.score >= self.bar else low)
            if not goal.measures:
                out.append("\n  no measures yet", style=dim)
            for measure in goal.measures:
                out.append("\n")
                self._measure(out, measure, width)
        return out

    def _measure(self, out: Text, measure: rp.Measure, width: int) -> None:
        dim = self.style_of("dim")
        progress = measure.progress
        tail = f" {figures(measure)}" + (f" {pct(progress)}" if progress is not None else "")
        room = width - 7 - len(tail)  # for the name and the bar ("⟳lead " is 7 cells)
        name_width = min(22, max(6, len(measure.name)))
        bar_width = min(30, room - name_width - 3)
        if bar_width < 6:  # no room for a bar: the name takes what is left
            bar_width, name_width = 0, max(4, room)
        out.append(" ⟳" if measure.computed else "  ",
                   style=self.style_of("bar") if measure.computed else dim)
        out.append(f"{measure.kind:<4} ", style=dim)
        out.append(one_line(measure.name, name_width).ljust(name_width))
        if bar_width:
            filled = progress is not None and progress >= 100
            out.append(" ▕", style=dim)
            out.append(progress_bar(progress, bar_width),
                       style=self.style_of("good") if filled else self.style_of("bar"))
            out.append("▏", style=dim)
        out.append(tail, style="" if progress is not None else dim)
