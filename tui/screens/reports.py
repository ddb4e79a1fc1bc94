"""The Reports pane: a period (week, month, quarter, year or a typed range) grouped by client,
project, card, day, week or month, with raw and billed time, amounts, budgets and a total per
currency; a chart of hours per day (or week); the unbilled amount per client; the timesheets
waiting for a client's approval. ``enter`` lists a line's entries (amend them there), ``x``
writes what is shown to a CSV or Markdown file.

Every read runs on the store's thread (:mod:`.report_reads`), one at a time: a key that
changes the period or the grouping replaces a read not started yet, and what comes back is
shown only if it is still what the keys asked for. A change of grouping reads the report
only; a change of period the chart too; a change in the store (the main screen's poll) all of
it, with the unbilled strip and the pending approvals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fcc.store.errors import FccError
from fcc.tui.screens.report_reads import (
    GROUPS,
    Period,
    ReportData,
    Sides,
    read_report,
    read_sides,
)
from fcc.tui.storework import store_work
from fcc.tui.widgets.report_chart import HoursChart
from fcc.tui.widgets.report_side import PendingList, UnbilledStrip
from fcc.tui.widgets.report_table import ReportTable

if TYPE_CHECKING:
    from fcc.store.api import Store

DEFAULT_UNIT = "month"  # what a freelancer bills


class ReportsPane(Vertical, can_focus=True):
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "◀ Period", id="reports.previous",
                tooltip="The previous week, month, quarter, year or range"),
        Binding("right_square_bracket", "step(1)", "Period ▶", id="reports.next",
                tooltip="The next week, month, quarter, year or range"),
        Binding("tab", "next_group", "Group", id="reports.group",
                tooltip="Group by client, project, card, day, week or month (cycles)"),
        Binding("w", "unit('week')", "Week", id="reports.week", show=False,
                tooltip="Show the week holding the day in view"),
        Binding("m", "unit('month')", "Month", id="reports.month", show=False,
                tooltip="Show the month holding the day in view"),
        Binding("q", "unit('quarter')", "Quarter", id="reports.quarter", show=False,
                tooltip="Show the quarter holding the day in view"),
        Binding("y", "unit('year')", "Year", id="reports.year", show=False,
                tooltip="Show the year holding the day in view"),
        Binding("g", "range", "Range", id="reports.range",
                tooltip="Type a range of days (from, to)"),
        Binding("x", "export", "Export", id="reports.export",
                tooltip="Write what is shown to a CSV or Markdown file"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.period: Period | None = None  # None: the month of today (read with the zone)
        self.group = "project"
        self.data: ReportData | None = None
        self.week_start = 0
        self._need_chart = True  # the chart shown is not the period's
        self._need_sides = True  # the store changed since the strip was read
        self._reading_sides = False

    def compose(self) -> ComposeResult:
        yield Static(Text(" Reading the report…", style="dim"), id="report-head")
        yield UnbilledStrip(id="report-unbilled")
        yield ReportTable(id="report-table")
        yield Static("", id="report-empty")
        yield HoursChart(id="report-chart")
        yield PendingList(id="report-pending")

    @property
    def table(self) -> ReportTable:
        return self.query_one(ReportTable)

    def on_focus(self) -> None:
        tables = self.query(ReportTable)
        if tables:
            tables.first().focus()  # the pane's keys stay active: the table is inside it

    # --- reading ---------------------------------------------------------------------------

    def load(self, *, force: bool = False) -> None:
        """Read it all again when the store changed since the last read (``force``: always)."""
        seen = -1 if force or self.data is None else self.data.counter
        self._read(seen, load=True)

    def _read(self, seen: int = -1, *, load: bool = False) -> None:
        """The report (and the chart when the period changed, or on a load); ``seen``: only
        if the store's change counter moved from it."""
        period, group, chart = self.period, self.group, self._need_chart or load

        def read(store: Store) -> ReportData | None:
            if seen >= 0 and store.change_counter() == seen:
                return None
            return read_report(store, period, group, chart=chart)

        store_work(self).run(self, read, lambda data: self._got(data, load),
                             group="report-read", exclusive=True, failed=self._failed)

    def _failed(self, exc: FccError) -> None:
        self.app.store_failed(exc)  # type: ignore[attr-defined]

    def _got(self, data: ReportData | None, load: bool = False) -> None:
        if not self.is_attached:
            return
        if data is not None and load:
            self._need_sides = True  # the store changed: the strip is read again too
        if data is not None and (self.period is None or data.period == self.period) and \
                data.group == self.group:  # (else the keys moved on: their read follows)
            self.show(data)
        if data is not None and self._need_sides and not self._reading_sides:
            self._reading_sides = True  # after the report: it shows first
            store_work(self).run(self, read_sides, self._got_sides, group="report-sides",
                                 failed=self._failed)

    def _got_sides(self, sides: Sides) -> None:
        self._reading_sides = False
        self._need_sides = False
        if self.is_attached:
            self.query_one(UnbilledStrip).unbilled = sides.unbilled
            self.query_one(PendingList).pending = sides.pending

    def show(self, data: ReportData) -> None:
        self.period = data.period
        self.week_start = data.week_start
        self.data = data
        if data.chart is not None:
            self._need_chart = False
            chart = self.query_one(HoursChart)
            chart.unit = data.period.chart_unit()
            chart.today = data.today
            chart.bars = data.chart
        self._head()
        empty = not data.report.lines
        self.set_class(empty, "-empty")
        self.query_one("#report-empty", Static).update(
            Text(f"No time in {data.period.title()}: [ and ] step to another period, "
                 "w m q y change its length, g types a range.", style="dim") if empty else "")
        self.table.show(data)

    def _head(self) -> None:
        data = self.data
        if data is None:
            return
        period = data.period
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f" {period.title()}  ", style="bold")
        if period.unit in ("week", "quarter"):
            out.append(f"{period.dates()}  ", style="dim")
        out.append("by ", style="dim")
        for g in GROUPS:
            out.append(g, style="bold reverse" if g == data.group else "dim")
            out.append(" ")
        self.query_one("#report-head", Static).update(out)

    # --- keys ------------------------------------------------------------------------------

    def _change(self, period: Period | None = None, group: str | None = None) -> None:
        if self.data is None:
            return  # the first read is on its way
        if period is not None and period != self.period:
            self.period = period
            self._need_chart = True
        if group is not None:
            self.group = group
        self._read()

    def action_step(self, by: int) -> None:
        if self.period is not None:
            self._change(period=self.period.step(by, self.week_start))

    def action_unit(self, unit: str) -> None:
        if self.period is not None and self.data is not None:
            self._change(period=self.period.switch(unit, self.data.today, self.week_start))

    def action_next_group(self) -> None:
        self._change(group=GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)])

    def action_range(self) -> None:
        from fcc.tui.screens.report_dialogs import RangeModal

        if self.data is None:
            return
        self.app.push_screen(RangeModal(self.app.clock, self.data.period,  # type: ignore
                                        zone=self.data.zone),
                             lambda period: self._change(period=period) if period else None)

    def action_export(self) -> None:
        from fcc.tui.screens.report_dialogs import ExportModal

        if self.data is None:
            return
        self.app.push_screen(ExportModal(self.app.clock, self.data),  # type: ignore
                             self._exported)

    def _exported(self, message: str | None) -> None:
        if message:
            self.notify(message, markup=False, timeout=6)

    @on(DataTable.RowSelected, "#report-table")
    def _drill(self, event: DataTable.RowSelected) -> None:
        event.stop()
        from fcc.tui.screens.report_entries import ReportEntriesScreen

        index = self.table.line_index()
        if self.data is None or index is None:
            return
        self.app.push_screen(ReportEntriesScreen(self.app.clock, self.data,  # type: ignore
                                                 self.data.report.lines[index]))
