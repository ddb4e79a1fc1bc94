"""The entries behind a line of the Reports pane (``enter`` on it): when, how long, project,
card, note, and what freezes an entry (an approval, an invoice). Amend, split, break or void
one with the Timers pane's dialogs; the list and the pane behind it are read again after."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fcc.store.prefs import zone_info
from fcc.tui.screens.report_reads import line_entries
from fcc.tui.storework import store_work
from fcc.tui.text import hm, literal, one_line
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.report_table import line_label

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.store.records import Entry, ReportLine
    from fcc.tui.screens.report_reads import ReportData


@dataclasses.dataclass(frozen=True)
class LineEntries:
    entries: tuple[Entry, ...]
    frozen: dict[int, str]  # entry number -> what freezes it


class ReportEntriesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="entries.back",
                tooltip="Back to the report"),
        Binding("a", "ask('amend')", "Amend", id="entries.amend", tooltip="Change the entry"),
        Binding("x", "ask('split')", "Split", id="entries.split", tooltip="Split at a time"),
        Binding("b", "ask('break')", "Break", id="entries.break", show=False,
                tooltip="Insert a break"),
        Binding("v", "ask('void')", "Void", id="entries.void", tooltip="Void with a reason"),
    ]

    def __init__(self, clock: Clock, data: ReportData, line: ReportLine) -> None:
        super().__init__(classes="report-entries")
        self.clock = clock
        self.data = data
        self.line = line
        self.shown: LineEntries | None = None

    def compose(self) -> ComposeResult:
        label = line_label(self.line, self.data.group)
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" {self.data.period.title()} · ", style="bold")
        head.append(one_line(label, 60), style="bold")
        head.append(f"  {hm(self.line.seconds)} raw, {hm(self.line.billed_seconds)} billed, "
                    f"{self.line.amount} {self.line.currency}", style="dim")
        yield Static(head, id="entries-head")
        yield DataTable[Text](id="entries-table", cursor_type="row")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # the project is the line's own when grouped by project: not shown again
        columns = [("#", 5), ("Day", 10), ("Time", 11), ("Raw", 5), ("Card", 5)]
        if self.data.group != "project":
            columns.insert(4, ("Project", 20))
        rest = self.app.size.width - sum(w + 2 for _, w in columns) - 4
        columns.append(("Note", max(20, rest)))  # then what marks the entry
        for name, width in columns:
            table.add_column(name, width=width)
        table.focus()
        self.load()

    def load(self) -> None:
        data, line = self.data, self.line

        def read(store: Store) -> LineEntries:
            found = line_entries(store, line, data.group, data.period)
            return LineEntries(tuple(found), store.frozen_entries(e.no for e in found))

        store_work(self).run(self, read, self.show, group="entries-read", exclusive=True)

    def show(self, found: LineEntries) -> None:
        self.shown = found
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        tz = zone_info(self.data.zone)
        now = self.clock.now()
        for e in found.entries:
            start = e.start.astimezone(tz)
            end = f"{e.end.astimezone(tz):%H:%M}" if e.end else "now"
            marks = []
            if e.no in found.frozen:
                marks.append(f"🔒 {found.frozen[e.no]}")
            if not e.billable:
                marks.append("not billable")
            note = literal(e.note)
            if marks:
                note = Text.assemble(Text(" · ".join(marks) + "  ", style="dim"), note,
                                     no_wrap=True, overflow="ellipsis")
            cells = [Text(str(e.no), justify="right"), Text(f"{start:%Y-%m-%d}"),
                     Text(f"{start:%H:%M}–{end}"), Text(hm(e.seconds(now)), justify="right"),
                     Text(f"#{e.work_item_id}" if e.work_item_id else ""), note]
            if self.data.group != "project":
                cells.insert(4, literal(e.project))
            table.add_row(*cells, key=str(e.no))
        if not found.entries:
            table.add_row(Text("–"), Text("no entries", style="dim"),
                          *[Text("")] * (len(table.columns) - 2))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count or self.shown is None or not self.shown.entries:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key and key.isdigit() else None

    def action_ask(self, action: str) -> None:
        from fcc.tui.screens.opening import open_entry_form

        entry = self.selected()
        if entry is None:
            self.notify(f"No entry to {action} here.", severity="warning", markup=False)
            return
        open_entry_form(self, action, entry)

    def changed(self, message: str | None) -> None:
        """A dialog saved (its message) or was cancelled (None): read the list and the main
        screen again (the Reports pane behind it follows the store's change)."""
        if message is None:
            return
        self.load()
        self.app.main.reload()  # type: ignore[attr-defined]
        self.notify(message, markup=False, timeout=4)

    def action_back(self) -> None:
        self.dismiss(None)

