"""The pane bar and the Reports pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from fcc.tui.text import hm, literal

if TYPE_CHECKING:
    from fcc.store.records import Report

PANES = (("boards", "Boards"), ("timers", "Timers"), ("plan", "Plan"), ("reports", "Reports"),
         ("invoices", "Invoices"), ("history", "History"))


class PaneBar(Static):
    """``1 Boards  2 Timers  3 Plan  4 Reports  5 Invoices  6 History`` with the current one
    marked."""

    current: reactive[str] = reactive("timers")
    keys: reactive[dict[str, str]] = reactive(dict)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, (name, title) in enumerate(PANES, 1):
            key = self.keys.get(name, str(i))
            style = "reverse bold" if name == self.current else ""
            out.append(f" {key} {title} ", style=style)
            out.append(" ")
        return out


class ReportsPane(DataTable[Text]):
    """This week by project: raw and billed time and amounts. Mounted when first shown (a
    table styles a dozen parts: the first frame does not wait for a hidden one)."""

    _report: Report | None = None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_column("Project", key="project", width=28)
        self.add_column("Raw", key="raw", width=7)
        self.add_column("Billed", key="billed", width=7)
        self.add_column("Amount", key="amount", width=12)
        if self._report is not None:
            self.show(self._report)

    def show(self, report: Report) -> None:
        self._report = report
        if not self.columns:
            return  # not mounted yet: on_mount shows it
        self.clear()
        for line in report.lines:
            label = line.project if not line.client else f"{line.client}/{line.project}"
            self.add_row(literal(label), Text(hm(line.seconds), justify="right"),
                         Text(hm(line.billed_seconds), justify="right"),
                         Text(f"{line.amount} {line.currency}", justify="right"))
        for total in report.totals:
            self.add_row(Text("total", style="bold"),
                         Text(hm(total.seconds), style="bold", justify="right"),
                         Text(hm(total.billed_seconds), style="bold", justify="right"),
                         Text(f"{total.amount} {total.currency}", style="bold",
                              justify="right"))
