"""The execution scores of weeks 1-12 as columns, with the 12-week year's 85 % bar drawn across
them: a week at or over the bar is green, under it red, the week shown is marked, and weeks not
begun are dots on the axis (they are not scored yet)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from fcc.store import records_plans as rp

EIGHTHS = " ▁▂▃▄▅▆▇█"
SLOT = 3  # cells per week: a 2-cell column and a gap
BELOW = 5  # rows of column under the bar line (0 to 85 %); one row above it (85-100 %)


def pct(value: Decimal | None) -> str:
    """A score as the pane shows it: ``71%``, ``–`` without one. Whole percent rounded down,
    so that 84.62 never reads as the bar's 85 % (the store's two decimals are in
    ``fcc plan score``)."""
    if value is None:
        return "–"
    return f"{value.quantize(Decimal(1), 'ROUND_FLOOR')}%"


def fill(share: Decimal, rows: int) -> list[str]:
    """``rows`` cells filled to ``share`` (0-1), bottom first, the top one in eighths."""
    eighths = int((max(Decimal(0), min(Decimal(1), share)) * rows * 8).quantize(
        Decimal(1), "ROUND_HALF_UP"))
    if share > 0:
        eighths = max(1, eighths)  # a score above 0 never looks like none
    return [EIGHTHS[max(0, min(8, eighths - 8 * row))] for row in range(rows)]


def column_cells(score: Decimal, bar: Decimal, below: int) -> list[str]:
    """A week's column, bottom first: ``below`` rows for 0 to the bar, the bar line's row
    (full when the score reaches the bar, else the line), one row for the bar to 100 %."""
    under = fill(score / bar, below)
    met = score >= bar
    over = fill((score - bar) / (100 - bar), 1) if met and bar < 100 else [" "]
    return [*under, "█" if met else "─", *over]


class ScoreChart(Widget):
    """W1-W12 as columns with the 85 % line; ``week``: the week shown (marked)."""

    DEFAULT_CSS = """
    ScoreChart { height: 9; width: 42; text-wrap: nowrap; text-overflow: clip; }
    ScoreChart > .chart--good { color: $text-success; }
    ScoreChart > .chart--low { color: $text-error; }
    ScoreChart > .chart--bar { color: $text-warning; }
    ScoreChart > .chart--dim { color: $text-muted; }
    ScoreChart > .chart--shown { text-style: bold reverse; }
    """
    COMPONENT_CLASSES = {"chart--good", "chart--low", "chart--bar", "chart--dim",
                         "chart--shown"}

    scores: reactive[rp.Scores | None] = reactive(None)
    week: reactive[int | None] = reactive(None)

    def style_of(self, name: str) -> str:
        return str(self.get_component_rich_style(f"chart--{name}"))

    def render(self) -> Text:
        scores = self.scores
        out = Text(no_wrap=True, overflow="crop")
        if scores is None:
            return out
        good, low, line, dim, shown = (self.style_of(n) for n in
                                       ("good", "low", "bar", "dim", "shown"))
        below = max(2, min(BELOW, self.size.height - 4)) if self.size.height else BELOW
        at_bar, rows = below, below + 2  # the line's row (from the bottom) and all rows
        columns = [column_cells(w.score, scores.bar, below) if w.started and w.score is not None
                   else [" "] * below + ["─", " "] for w in scores.weeks]
        # (each part ends with its spaces: a part starting with one is drawn a cell early by
        # some SVG renderers)
        out.append("Scores  ", style="bold")
        out.append(f"cycle {pct(scores.cycle)}  ", style=good if _met(scores.cycle, scores)
                   else low if scores.cycle is not None else dim)
        out.append(f"bar {pct(scores.bar)}\n", style=line)
        for row in range(rows - 1, -1, -1):
            label = ("100%" if row == rows - 1 else f"{pct(scores.bar):<4}" if row == at_bar
                     else "0%  " if row == 0 else "    ")
            out.append(label, style=line if row == at_bar else dim)
            out.append("┤" if row in (rows - 1, at_bar, 0) else "│", style=dim)
            for week, cells in zip(scores.weeks, columns, strict=True):
                cell = cells[row]
                if row == at_bar and cell == "─":
                    out.append("──", style=line)
                else:
                    met = week.score is not None and week.score >= scores.bar
                    out.append(cell * 2, style=good if met else low)
                out.append("─" if row == at_bar else " ", style=line)
            out.append("\n")
        out.append("week ", style=dim)
        for week in scores.weeks:
            style = shown if week.week == self.week else "" if week.started else dim
            out.append(f"{week.week:<2}", style=style)
            out.append(" ")
        out.rstrip()
        return out


def _met(value: Decimal | None, scores: rp.Scores) -> bool:
    return value is not None and value >= scores.bar

