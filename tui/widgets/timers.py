"""The Timers pane: running timers (ticking), the recent days' entries grouped by day with
raw and billed totals, and a bar chart of the last 7 or 14 days."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive, var
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from fcc.store.records import Entry
from fcc.tui.text import hm, hms, literal, one_line
from fcc.tui.views import TimersView

CHART_WIDTH = 14  # cells of bar for the longest day
# An entry an approval or an invoice freezes: before its times (where "  " was) and its
# label. One cell, in the fonts terminals ship (an emoji lock is a box in many).
LOCK = "▪"


def local(instant: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return instant.astimezone(zone)


class RunningTimers(Static):
    """One line per running timer, ticking each second."""

    now: reactive[dt.datetime | None] = reactive(None)
    view: reactive[TimersView | None] = reactive(None, layout=True)  # lines = running timers

    def render(self) -> Text:
        view, now = self.view, self.now
        out = Text(no_wrap=True, overflow="ellipsis")
        if view is None or now is None:
            return out
        if not view.running:
            out.append("No timer running.  ", style="dim")
            out.append("t", style="bold").append(" starts on the selected entry, ", style="dim")
            out.append("T", style="bold").append(" picks a project or card.", style="dim")
            return out
        tz = _tz(view.zone)
        for i, entry in enumerate(view.running):
            if i:
                out.append("\n")
            out.append("● ", style="bold green")
            out.append(hms(int((now - entry.start).total_seconds())) + "  ", style="bold")
            out.append(one_line(entry.project, 60), style="bold")
            if entry.work_item_id:
                out.append(f"  #{entry.work_item_id} ")
                out.append(one_line(entry.work_item, 60))
            if entry.note:
                out.append("  " + one_line(entry.note, 200), style="italic")
            out.append(f"  since {local(entry.start, tz):%H:%M}", style="dim")
        return out


class DayChart(Static):
    """Hours per day as horizontal bars, oldest day at the top."""

    view: reactive[TimersView | None] = reactive(None, layout=True)
    days: reactive[int] = reactive(7, layout=True)

    def render(self) -> Text:
        view = self.view
        if view is None:
            return Text("")
        chart = view.chart[-self.days:]
        today = view.at.astimezone(_tz(view.zone)).date()
        if self.size.width >= 3 * len(chart) + 20 and self.size.width > CHART_WIDTH + 30:
            return self._columns(chart, today)
        return self._bars(chart, today)

    def _bars(self, chart: tuple[tuple[dt.date, int], ...], today: dt.date) -> Text:
        out = Text(no_wrap=True)
        top = max([3600, *(s for _, s in chart)])  # a few seconds never fill the bar
        out.append(f"Last {self.days} days\n", style="bold")
        for day, seconds in chart:
            width = round(CHART_WIDTH * seconds / top) if top else 0
            style = "bold" if day == today else ""
            out.append(f"{day:%a %d} ", style=style or "dim")
            out.append("█" * width, style="cyan")
            out.append(" " * (CHART_WIDTH - width) + f" {hm(seconds):>5}\n", style=style)
        total = sum(s for _, s in chart)
        out.append(f"{'total':<7}{'':{CHART_WIDTH}} {hm(total):>5}", style="dim")
        return out

    def _columns(self, chart: tuple[tuple[dt.date, int], ...], today: dt.date) -> Text:
        """Two lines for narrow terminals: a column per day, then the day numbers."""
        out = Text(no_wrap=True, overflow="ellipsis")
        top = max([3600, *(s for _, s in chart)])
        total = sum(s for _, s in chart)
        out.append(f"{'Last ' + str(self.days) + ' days':<14}", style="bold")
        for day, seconds in chart:
            level = 0 if not seconds else max(1, round(8 * seconds / top))
            out.append(" " + (LEVELS[level] * 2), style="bold cyan" if day == today else "cyan")
        out.append(f"  {hm(total)} total\n", style="dim")
        out.append(" " * 14)
        for day, _ in chart:
            out.append(f" {day:%d}", style="bold" if day == today else "dim")
        return out


LEVELS = " ▁▂▃▄▅▆▇█"


class EntryTable(DataTable[Text]):
    """Day headers and their entries; a row key is ``day:YYYY-MM-DD``, ``entry:ID``, or
    ``older`` (the last row, while older days can be loaded)."""

    FIXED = 13 + 6 + 12  # when, raw, billed ("not billable")
    # home and end go to the first and last row (a DataTable's scroll sideways in row mode)
    BINDINGS = [Binding("home", "scroll_top", show=False),
                Binding("end", "scroll_bottom", show=False)]

    class EndReached(Message):
        """The cursor is on the last row (or was asked to go past it): load older days."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = False
        self.add_column("When", key="when", width=13)
        self.add_column("Project", key="project", width=22)
        self.add_column("Note", key="note", width=24)
        self.add_column(Text("Raw", justify="right"), key="raw", width=6)
        self.add_column(Text("Billed", justify="right"), key="billed", width=12)

    def on_resize(self) -> None:
        """Project and note share what the fixed columns leave (2 cells of padding each)."""
        free = max(20, self.size.width - self.FIXED - 2 * len(self.columns) - 3)
        project = max(12, free * 2 // 5)
        for key, width in (("project", project), ("note", free - project)):
            column = self.columns[ColumnKey(key)]
            column.width = width
            column.auto_width = False
        self._require_update_dimensions = True
        self.refresh()

    def show(self, view: TimersView, keep: int | None, *, keep_row: int | None = None) -> None:
        """``keep``: the entry to put the cursor on; else ``keep_row``, a row number (after
        older days are loaded: the first of them); else the newest entry."""
        tz = _tz(view.zone)
        self.clear()
        target_row = None
        for group in view.days:
            count = len(group.entries)
            self.add_row(
                Text(f"{group.day:%a %d %b}", style="bold"), Text(""),
                Text("no entries" if not count else "1 entry" if count == 1 else
                     f"{count} entries", style="dim"),
                Text(hm(group.seconds), style="bold", justify="right"),
                Text(hm(group.billed_seconds), style="bold", justify="right"),
                key=f"day:{group.day.isoformat()}")
            for entry in reversed(group.entries):
                if entry.no == keep:
                    target_row = self.row_count
                billed = view.entry_billed.get(entry.id, 0)
                self.add_row(*self._cells(entry, view.at, tz, billed, view.frozen.get(entry.no)),
                             key=f"entry:{entry.no}")
        if view.older_day is not None:
            self.add_row(Text("  ↓ more", style="dim italic"),
                         Text("older days", style="dim italic"),
                         Text(f"last entry {view.older_day:%a %d %b}", style="dim italic"),
                         Text(""), Text(""), key="older")
        if target_row is None and keep_row is not None:
            target_row = min(keep_row, self.row_count - 1)
        if target_row is None:
            target_row = next((i for i, row in enumerate(self.ordered_rows)
                               if str(row.key.value).startswith("entry:")), 0)
        if self.row_count:
            self.move_cursor(row=target_row, animate=False)

    @staticmethod
    def _cells(entry: Entry, now: dt.datetime, tz: dt.tzinfo, billed: int | None,
               frozen: str | None = None) -> list[Text]:
        """``frozen``: what freezes the entry (an approval, an invoice): the lock mark before
        its times, and the label after its note."""
        start = local(entry.start, tz)
        if entry.end is None:
            when = Text(f"  {start:%H:%M}–…", style="bold green")
            raw = Text("run", style="green", justify="right")
        else:
            when = Text(f"{LOCK + ' ' if frozen else '  '}{start:%H:%M}–"
                        f"{local(entry.end, tz):%H:%M}")
            raw = Text(hm(entry.seconds(now)), justify="right")
        name = entry.project.split("/", 1)[1] if entry.client else entry.project
        project = literal(name + (f" #{entry.work_item_id}" if entry.work_item_id else "")
                          + (f" · {entry.client}" if entry.client else ""))
        note = literal(entry.note + ("" if not entry.tags else "  +" + " +".join(entry.tags)),
                       style="" if entry.billable else "dim")
        if frozen:
            gap = "  " if entry.note or entry.tags else ""
            note.append(f"{gap}{LOCK} {one_line(frozen, 60)}", style="dim italic")
        if not entry.billable:
            billed_cell = Text("not billable", style="dim", justify="right")
        elif billed is None:
            billed_cell = Text("per day", style="dim", justify="right")
        elif entry.end is None:
            billed_cell = Text("…", style="green", justify="right")
        else:
            billed_cell = Text(hm(billed), justify="right")
        return [when, project, note, raw, billed_cell]

    def selected_entry(self) -> int | None:
        """The entry under the cursor; None on a day's header or the "older days" row."""
        if not self.row_count:
            return None
        key = str(self.ordered_rows[self.cursor_row].key.value or "")
        return int(key.split(":", 1)[1]) if key.startswith("entry:") else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value == "older":
            self.post_message(self.EndReached())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled (the mouse wheel) to the end with older days to load: load them."""
        super().watch_scroll_y(old_value, new_value)
        if (new_value > old_value and new_value >= self.max_scroll_y and self.row_count
                and self.ordered_rows[-1].key.value == "older"):
            self.post_message(self.EndReached())

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row == self.row_count - 1:
            if self.ordered_rows[-1].key.value == "older":
                self.post_message(self.EndReached())
            return
        super().action_cursor_down()


class Welcome(Static):
    """What an empty database shows: the keys to begin with."""

    keys: reactive[dict[str, str]] = reactive(dict)

    def render(self) -> Text:
        def key(binding_id: str, default: str) -> str:
            return self.keys.get(binding_id, default)

        rows = [
            (key("timer.pick", "T"), "start a timer — type a new name to create its project"),
            (key("timers.add", "n"), "add time you already worked"),
            (key("app.palette", "^p"), "new client / new project, and every action"),
            (key("app.help", "?"), "all keys"),
        ]
        width = max(len(k) for k, _ in rows) + 2
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append("Nothing tracked yet. To begin:\n\n", style="bold")
        for i, (shown, what) in enumerate(rows):
            out.append(("\n" if i else "") + f"  {shown:<{width}}", style="bold")
            out.append(what)
        return out


class TimersPane(Vertical):
    """Shows a :class:`TimersView`; asks for changes by posting :class:`TimersPane.Asked`."""

    BINDINGS = [
        Binding("a", "ask('amend')", "Amend", id="timers.amend", tooltip="Change the entry"),
        Binding("n", "ask('add')", "Add", id="timers.add", tooltip="Add a past entry"),
        Binding("x", "ask('split')", "Split", id="timers.split", show=False,
                tooltip="Split at a time"),
        Binding("b", "ask('break')", "Break", id="timers.break", show=False,
                tooltip="Insert a break"),
        Binding("v", "ask('void')", "Void", id="timers.void", tooltip="Void with a reason"),
        Binding("r", "ask('resume')", "Resume", id="timers.resume", show=False,
                tooltip="Start again on the same project, card and note"),
        Binding("u", "ask('undo')", "Undo", id="timers.undo", tooltip="Undo the last change"),
        Binding("c", "toggle_chart", "7/14 days", id="timers.chart", show=False,
                tooltip="Chart the last 7 or 14 days"),
    ]

    class Asked(Message):
        """The user asked for ``action`` on ``entry_id`` (None: nothing selected)."""

        def __init__(self, action: str, entry_id: int | None) -> None:
            super().__init__()
            self.action = action
            self.entry_id = entry_id

    now: var[dt.datetime | None] = var(None)  # passed on to RunningTimers; no repaint here
    chart_days: reactive[int] = reactive(7)
    # binding id -> the key shown for it (the user's key map), for the welcome
    keys: reactive[dict[str, str]] = reactive(dict)

    def compose(self) -> ComposeResult:
        yield RunningTimers(id="running").data_bind(TimersPane.now)
        yield Welcome(id="welcome").data_bind(TimersPane.keys)
        with Horizontal(id="timers-body"):
            yield EntryTable(id="entries")
            yield DayChart(id="chart").data_bind(days=TimersPane.chart_days)

    def show_running(self, view: TimersView) -> None:
        self.query_one(RunningTimers).view = view

    def show(self, view: TimersView, keep: int | None = None, *,
             keep_row: int | None = None) -> None:
        self.query_one(RunningTimers).view = view
        self.query_one(DayChart).view = view
        self.set_class(view.empty, "-empty")
        self.first_day, self.older_day = view.first_day, view.older_day
        table = self.query_one(EntryTable)
        table.show(view, keep if keep is not None or keep_row is not None
                   else table.selected_entry(), keep_row=keep_row)

    def selected_entry(self) -> int | None:
        return self.query_one(EntryTable).selected_entry()

    first_day: dt.date | None = None  # the oldest day the list covers
    older_day: dt.date | None = None  # the newest older day with an entry (None: none)

    def select_day(self, day: dt.date) -> None:
        """The cursor on ``day``'s header, or on the next older day listed (a day without
        entries has no header)."""
        table = self.query_one(EntryTable)
        for i, row in enumerate(table.ordered_rows):
            key = str(row.key.value or "")
            if key.startswith("day:") and dt.date.fromisoformat(key[4:]) <= day:
                # the day at the top (as far as the list goes), its entries below it
                table.move_cursor(row=i, animate=False, scroll=False)
                table.call_after_refresh(table.scroll_to, y=i, animate=False)
                return
        if table.row_count:
            table.move_cursor(row=table.row_count - 1, animate=False)

    def on_a_row(self) -> bool:
        """The cursor is on a row that is not an entry (a day, or "older days")."""
        table = self.query_one(EntryTable)
        return bool(table.row_count) and table.selected_entry() is None

    def action_ask(self, action: str) -> None:
        self.post_message(self.Asked(action, self.selected_entry()))

    def action_toggle_chart(self) -> None:
        self.chart_days = 14 if self.chart_days == 7 else 7


def _tz(zone: str) -> dt.tzinfo:
    from fcc.store.zones import zone_tz

    return zone_tz(zone) or dt.UTC
