"""The Reports pane's table: a line per client, project, card, day, week or month with raw and
billed time and the amount (and, by project, the budget used and left: all time), then a total
row per currency that names its currency. A line's row key is its index in the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from fcc.tui.readout import key_cells
from fcc.tui.text import hm, literal

if TYPE_CHECKING:
    from fcc.store.records import ReportLine
    from fcc.tui.screens.report_reads import ReportData

BUDGET = 22  # "150:00 of 160h, 10:00"
TITLES = {"client": "Client", "project": "Project", "card": "Card", "day": "Day",
          "week": "Week of", "month": "Month"}


def line_label(line: ReportLine, group: str) -> str:
    """A line's key as the pane shows it (a project, then its client: ``Website · Acme``,
    so that a narrow column cuts the client first)."""
    if group == "project" and line.client:
        return f"{line.project} · {line.client}"
    return key_cells(line, (group,))[0]


def _right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right", no_wrap=True)


class ReportTable(DataTable[Text]):
    """Shows a :class:`ReportData`; enter on a line posts DataTable.RowSelected (the pane
    drills down)."""

    _shape: tuple[str, int] | None = None  # the grouping and key width the columns are for

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = False

    def show(self, data: ReportData) -> None:
        keep = self.cursor_row
        project = data.group == "project"
        # the figures' columns, each with a cell of padding on both sides, and the scrollbar
        fixed = (6 + 6 + 13 + (BUDGET if project else 0)) + 2 * (5 if project else 4) + 2
        width = min(48, max(12, (self.size.width or self.app.size.width) - fixed - 2))
        if self._shape == (data.group, width):  # the same columns: only the rows change
            self.clear()
            self._add_rows(data, keep)
            return
        self._shape = (data.group, width)
        self.clear(columns=True)
        self.add_column(TITLES[data.group], key="key", width=width)
        self.add_column(_right("Raw"), key="raw", width=6)
        self.add_column(_right("Billed"), key="billed", width=6)
        self.add_column(_right("Amount"), key="amount", width=13)
        if project:  # all time, as `fcc project budget` shows it
            self.add_column(_right("Budget: used, left"), key="budget", width=BUDGET)
        self._add_rows(data, keep)

    def _add_rows(self, data: ReportData, keep: int) -> None:
        project = data.group == "project"
        for i, line in enumerate(data.report.lines):
            cells = [literal(line_label(line, data.group)), _right(hm(line.seconds)),
                     _right(hm(line.billed_seconds)),
                     _right(f"{line.amount} {line.currency}")]
            if project:
                cells.append(_budget(data, line))
            self.add_row(*cells, key=str(i))
        for total in data.report.totals:
            cells = [Text(f"total {total.currency}", style="bold"),
                     _right(hm(total.seconds), "bold"), _right(hm(total.billed_seconds), "bold"),
                     _right(f"{total.amount} {total.currency}", "bold")]
            if project:
                cells.append(Text(""))
            self.add_row(*cells, key=f"total:{total.currency}")
        if self.row_count:
            self.move_cursor(row=min(max(0, keep), self.row_count - 1), animate=False)

    def line_index(self) -> int | None:
        """The report line under the cursor (None on a total row or an empty table)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None and key.isdigit() else None


def _budget(data: ReportData, line: ReportLine) -> Text:
    """``50:00 of 160h, 110:00 left`` (over: ``-4:30`` in red); one cell, not three: a
    table's first draw costs per cell."""
    budget = data.budgets.get(line.project_id or 0)
    if budget is None or budget.budget_hours is None:
        return _right("–", "dim")
    left = budget.remaining_seconds or 0
    out = Text(f"{hm(budget.used_seconds)} of {budget.budget_hours.normalize():f}h, ",
               justify="right", no_wrap=True)
    out.append(hm(left) if left >= 0 else "-" + hm(-left), "" if left >= 0 else "bold red")
    return out
