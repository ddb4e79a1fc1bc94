"""The main screen: the pane bar, the four panes, the status strip and the footer.

It is the one place that turns the panes' messages into store calls, and the one place that
re-reads the store: after its own changes, and when another process changed the database
(polled each second through the store's change counter, an indexed MAX over the activity log).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from fcc.store import faults
from fcc.store.entry_billing import billed_by_entry
from fcc.store.errors import FccError
from fcc.store.when import period
from fcc.store.zones import first_instant
from fcc.tui.views import DayGroup, TimersView
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.panes import PANES, ComingPane, PaneBar, ReportsPane
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import EntryTable, TimersPane

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.store.records import Change, Report
    from fcc.store.records_tui import FirstFrame

LIST_DAYS = 7  # the entry list shows this week, and at least the last 7 days
CHART_DAYS = 14
PAGE_DAYS = 14  # older days load two weeks at a time


def build_timers_view(store: Store, now: dt.datetime, *, entries: bool = True,
                      since: dt.date | None = None) -> TimersView:
    """What the Timers pane and the status strip show; ``entries=False`` leaves out the list
    (the costly part: ~40 ms for a busy week) for the first frame. The list covers this week
    and at least the last LIST_DAYS days, or from ``since`` when older days were loaded."""
    prefs = store.prefs
    tz = prefs.tz
    today = now.astimezone(tz).date()
    week_lo, _ = period("week", now=now, zone=prefs.zone, week_start=prefs.week_start)
    week_first = week_lo.astimezone(tz).date()
    list_first = min(week_first, today - dt.timedelta(days=LIST_DAYS - 1))
    if since is not None:
        list_first = min(list_first, since)
    chart_first = today - dt.timedelta(days=CHART_DAYS - 1)
    lo = first_instant(min(list_first, chart_first), tz)
    hi = first_instant(today + dt.timedelta(days=1), tz)
    seconds: dict[dt.date, int] = defaultdict(int)
    billed: dict[dt.date, int] = defaultdict(int)
    for line in store.report(lo, hi, by=("day",)).lines:
        assert line.day is not None
        seconds[line.day] += line.seconds
        billed[line.day] += line.billed_seconds
    by_day = defaultdict(list)
    listed = store.entries(first_instant(list_first, tz), hi) if entries else []
    for entry in listed:
        by_day[max(entry.start.astimezone(tz).date(), list_first)].append(entry)
    days = []
    day = today
    while day >= list_first:
        if by_day.get(day) or day == today:
            days.append(DayGroup(day, seconds[day], billed[day], tuple(by_day.get(day, ()))))
        day -= dt.timedelta(days=1)
    chart = tuple((chart_first + dt.timedelta(days=i), seconds[chart_first +
                                                                dt.timedelta(days=i)])
                  for i in range(CHART_DAYS))
    older = None
    if entries:
        before = store.last_start_before(first_instant(list_first, tz))
        older = None if before is None else before.astimezone(tz).date()
    return TimersView(
        at=now, zone=prefs.zone, running=tuple(store.running()), days=tuple(days), chart=chart,
        today_seconds=seconds[today],
        week_seconds=sum(s for d, s in seconds.items() if d >= week_first),
        week_start=week_first, first_day=list_first if entries else None, older_day=older,
        entry_billed=billed_by_entry(store, listed, now) if entries else {})


def shown_keys(app: App) -> dict[str, str]:
    """Binding id -> its first key as shown (``^p``, ``f2``), with the user's key map."""
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    out: dict[str, str] = {}
    for owner in (type(app), MainScreen, TimersPane):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id not in out:
                first = keymap.get(binding.id, binding.key).split(",")[0].strip()
                out[binding.id] = app.get_key_display(Binding(first, binding.action))
    return out


def said(app: App, change: Change) -> str:
    """A change's message, with how to get back a timer it discarded as too short."""
    if not change.discarded:
        return change.message
    return f"{change.message}; {shown_keys(app)['timers.undo']} to keep it"


def first_view(first: FirstFrame) -> TimersView:
    """The status strip and running timers of the first frame (the lists follow)."""
    return TimersView(at=first.at, zone=first.zone, running=first.running, days=(), chart=(),
                      today_seconds=first.today_seconds, week_seconds=first.week_seconds,
                      week_start=first.week_start)


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "show_pane('boards')", "Boards", id="pane.boards", show=False),
        Binding("2", "show_pane('timers')", "Timers", id="pane.timers", show=False),
        Binding("3", "show_pane('plan')", "Plan", id="pane.plan", show=False),
        Binding("4", "show_pane('reports')", "Reports", id="pane.reports", show=False),
        Binding("t", "toggle_timer", "Start/stop", id="timer.toggle",
                tooltip="Start on the selection, or stop the running timer"),
        Binding("T", "pick_timer", "Start on…", id="timer.pick",
                tooltip="Pick a project or card to start on"),
        Binding("s", "stop_timer", "Stop", id="timer.stop", tooltip="Stop the running timer"),
        Binding("g", "go_to_day", "Go to day", id="timers.goto", show=False,
                tooltip="Jump to a day in the list (older days load as needed)"),
    ]

    # A var, not a reactive: a tick must repaint only the widgets bound to it, not the screen.
    now: var[dt.datetime | None] = var(None)
    ready: var[bool] = var(False)  # the full view is shown: the store is open, lists filled
    loading_days: var[bool] = var(False)  # older days are being read
    pane: reactive[str] = reactive("timers", init=False)

    def __init__(self, store: Callable[[], Store], clock: Clock, session: str = "default",
                 first: FirstFrame | None = None) -> None:
        super().__init__()
        self._store = store
        self.clock = clock
        self.session_name = session
        self.first = first  # the first frame's figures, read before the store opened
        self._seen_changes = -1
        self._reports: ReportsPane | None = None  # mounted when first shown
        self._since: dt.date | None = None  # the oldest day loaded (None: the default days)
        # A load of older days shows its result only if it is the newest load and nothing was
        # shown since it started (else it is read again: a reload may have shown newer data).
        self._load_token = 0
        self._shown = 0

    @property
    def store(self) -> Store:
        return self._store()

    def compose(self) -> ComposeResult:
        yield PaneBar(id="pane-bar").data_bind(current=MainScreen.pane)
        with ContentSwitcher(initial="timers", id="panes"):
            yield ComingPane("Boards", "Kanban boards arrive with the boards issue. Press 2 for "
                             "Timers; T starts a timer on any project or card.", id="boards")
            yield TimersPane(id="timers").data_bind(MainScreen.now)
            yield ComingPane("Plan", "12-week plans arrive with the planning issue.", id="plan")
            # the Reports pane is mounted when first shown
        yield StatusStrip(id="status").data_bind(MainScreen.now)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.now = self.clock.now()
        session = (self.first.session if self.first is not None
                   else self.store.load_session(self.session_name))
        keep = None
        if session is not None:
            if session.last_pane in dict(PANES):
                self.pane = session.last_pane
            keep = session.selection.get("entry")
            if session.filters.get("chart_days") in (7, 14):
                self.query_one(TimersPane).chart_days = session.filters["chart_days"]
        self.show_keys()
        self.reload(keep=keep if isinstance(keep, int) else None, first=True)
        self.watch_pane(self.pane)
        self.set_interval(1.0, self.tick)
        self.set_interval(1.0, self.poll_changes)
        self.call_after_refresh(self.ask_about_forgotten)

    # --- the clock and live data ------------------------------------------------------------

    def tick(self) -> None:
        self.now = self.clock.now()

    def poll_changes(self) -> None:
        """Another terminal's `fcc start` shows here within a second: one indexed query."""
        try:
            counter = self.store.change_counter()
        except FccError:
            return
        if counter != self._seen_changes:
            self.reload(counter=counter)

    def reload(self, keep: int | None = None, *, first: bool = False,
               counter: int | None = None) -> None:
        """Re-read what the panes show. On launch the status strip and running timers are
        drawn first and the lists filled right after (the first frame comes sooner)."""
        if first and self.first is not None:  # from plain sqlite3: the store is not open yet
            self._seen_changes = self.first.counter
            summary = first_view(self.first)
        else:
            self._seen_changes = self.store.change_counter() if counter is None else counter
            if not first:
                self._show_all(keep)
                return
            self.now = self.clock.now()
            summary = build_timers_view(self.store, self.now, entries=False)
        self.query_one(StatusStrip).view = summary
        self.query_one(TimersPane).show_running(summary)
        self.call_after_refresh(self._open_and_show, keep)

    def _open_and_show(self, keep: int | None) -> None:
        if self.store_ready():
            self._show_all(keep)

    def store_ready(self) -> bool:
        """Opens the store if the first frame came from sqlite3 (a key can come first). False
        when it cannot be opened: the app is then quitting and the command line says why."""
        try:
            self.store  # noqa: B018
        except FccError:
            return False
        return True

    def _show_all(self, keep: int | None) -> None:
        self.now = self.clock.now()
        view = build_timers_view(self.store, self.now, since=self._since)
        self._shown += 1
        self.query_one(StatusStrip).view = view
        self.query_one(TimersPane).show(view, keep)
        self.ready = True
        if self._reports is not None:
            self._reports.show(self.week_report(view.at))

    def week_report(self, at: dt.datetime) -> Report:
        week_lo, week_hi = period("week", now=at, zone=self.store.prefs.zone,
                                  week_start=self.store.prefs.week_start)
        return self.store.report(week_lo, week_hi, by=("project",))

    def show_keys(self) -> None:
        """The pane bar and the welcome show the user's keys, not the defaults."""
        keys = shown_keys(self.app)
        self.query_one(PaneBar).keys = {name: keys.get(f"pane.{name}", str(i))
                                        for i, (name, _) in enumerate(PANES, 1)}
        self.query_one(TimersPane).keys = keys

    async def wait_until_ready(self, timeout: float = 10.0) -> None:
        """For tests and screenshots: until the lists show the store's data and no store
        work is pending (older days loading), then one more refresh."""
        import asyncio

        loop = asyncio.get_running_loop()
        give_up = loop.time() + timeout
        settled = 0
        while settled < 3:  # ready three polls in a row: a message in flight starts loading
            settled = settled + 1 if self.ready and not self.loading_days else 0
            if loop.time() > give_up:
                raise TimeoutError("the main screen did not fill its lists")
            await asyncio.sleep(0.01)
        await self.app.workers.wait_for_complete()
        await asyncio.sleep(0)

    # --- panes ------------------------------------------------------------------------------

    def watch_pane(self, pane: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        if pane == "reports" and self._reports is None:
            self._reports = ReportsPane(id="reports")
            if self.ready:  # else the first full view fills it
                self._reports.show(self.week_report(self.clock.now()))
            switcher.mount(self._reports)  # in the DOM now; set up on its own mount
        switcher.current = pane
        if pane == "timers":
            self.query_one(EntryTable).focus()
        elif self._reports is not None and pane == "reports":
            self._reports.focus()
        else:
            self.set_focus(None)

    def action_show_pane(self, pane: str) -> None:
        self.pane = pane

    # --- timers -----------------------------------------------------------------------------

    def action_toggle_timer(self) -> None:
        if not self.store_ready():
            return
        if self.store.running():
            self.action_stop_timer()
            return
        pane = self.query_one(TimersPane)
        entry_id = pane.selected_entry() if self.pane == "timers" else None
        if entry_id is None and self.pane == "timers" and pane.on_a_row():
            pick = shown_keys(self.app).get("timer.pick", "T")
            self.notify(f"Select an entry to start on it, or press {pick} to pick a project.",
                        severity="warning", markup=False)
            return
        if entry_id is None:
            self.action_pick_timer()
            return
        self.change(lambda: self.store.resume(entry_id))

    def action_pick_timer(self) -> None:
        from fcc.tui.screens.picker import start_on  # loaded on first use: a faster start

        if self.store_ready():
            start_on(self)  # pick (or create) a project or card, then note and tags

    def action_stop_timer(self) -> None:
        if self.store_ready():
            self.change(self.store.stop_timer)  # idle: the store says so

    @on(TimersPane.Asked)
    def _asked(self, event: TimersPane.Asked) -> None:
        from fcc.tui.screens.modals import BreakModal, EntryModal, SplitModal, VoidModal

        action, entry_id = event.action, event.entry_id
        if not self.store_ready():
            return
        if action == "undo":
            self.change(self.store.undo)
            return
        if action == "add":
            self.app.push_screen(EntryModal(self.store, self.clock), self.changed)
            return
        if entry_id is None:
            self.notify(f"Select an entry to {action} it: the cursor is not on one.",
                        severity="warning", markup=False)
            return
        try:
            entry = self.store.entry(entry_id)
        except FccError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if action == "resume":
            self.change(lambda: self.store.resume(entry_id))
            return
        modal = {"amend": EntryModal, "split": SplitModal, "break": BreakModal,
                 "void": VoidModal}[action]
        self.app.push_screen(modal(self.store, self.clock, entry), self.changed)

    # --- older days -------------------------------------------------------------------------

    @on(EntryTable.EndReached)
    def _end_reached(self) -> None:
        if self.loading_days or not self.ready:
            return
        older = self.query_one(TimersPane).older_day
        if older is None:
            return
        self.load_days(min(older, self._first_day() - dt.timedelta(days=PAGE_DAYS)))

    def _first_day(self) -> dt.date:
        return self.query_one(TimersPane).first_day or self.clock.now().date()

    def load_days(self, since: dt.date, *, select_day: dt.date | None = None) -> None:
        """Read the list back to ``since`` in a worker (the UI only draws), then show it with
        the cursor on the first newly loaded row (or on ``select_day``)."""
        if not self.store_ready():
            return
        self.loading_days = True
        row = self.query_one(EntryTable).cursor_row
        self._load_token += 1
        self._load_days(since, row, select_day, self._load_token, self._shown)

    @work(thread=True, exclusive=True, group="older-days")
    def _load_days(self, since: dt.date, row: int, select_day: dt.date | None, token: int,
                   shown: int) -> None:
        try:
            view = build_timers_view(self.store, self.clock.now(), since=since)
        except Exception as exc:  # a worker's error must not end the app
            fault = faults.translate(exc, self.store.target.path)  # damaged, unreadable
            message = str(fault) if fault is not None else \
                f"older days could not be read: {type(exc).__name__}: {exc}"
            self.app.call_from_thread(self._loaded_failed, message, token)
            return
        finally:
            self.store.release_thread()
        self.app.call_from_thread(self._loaded, view, since, row, select_day, token, shown)

    def _loaded_failed(self, message: str, token: int) -> None:
        if token != self._load_token:
            return  # a newer load is under way
        self.loading_days = False
        self.notify(message, severity="error", markup=False)

    def _loaded(self, view: TimersView, since: dt.date, row: int,
                select_day: dt.date | None, token: int, shown: int) -> None:
        if token != self._load_token:
            return  # a newer load (scrolling on, or g) replaces this one
        if shown != self._shown:  # the list was redrawn from newer data meanwhile: read again
            self._load_token += 1
            self._load_days(since, row, select_day, self._load_token, self._shown)
            return
        self._since = since
        self.now = view.at
        self.query_one(StatusStrip).view = view
        pane = self.query_one(TimersPane)
        pane.show(view, keep_row=row)
        if select_day is not None:  # once the table has measured its new rows
            self.call_after_refresh(pane.select_day, select_day)
        self.loading_days = False

    def action_go_to_day(self) -> None:
        from fcc.tui.screens.goto import GoToModal  # loaded on first use

        if not self.store_ready():
            return
        self.pane = "timers"

        def chosen(day: dt.date | None) -> None:
            if day is None:
                return
            if day < self._first_day():
                self.load_days(day, select_day=day)
            else:
                self.query_one(TimersPane).select_day(day)

        self.app.push_screen(GoToModal(self.clock.now(), self.store.prefs.zone), chosen)

    def ask_about_forgotten(self) -> None:
        if not self.store_ready():
            return
        forgotten = self.store.forgotten_timers()
        if not forgotten:
            return
        from fcc.tui.screens.modals import ForgottenModal

        entry = forgotten[0]
        seen = self.store.last_activity(entry.start, ignore_entry=entry.id)
        self.app.push_screen(ForgottenModal(self.store, self.clock, entry, seen or entry.start),
                             self.changed)

    def change(self, do: Callable[[], Change]) -> None:
        """Run one store verb; say what it did (or why not) and show the result."""
        try:
            done = do()
        except FccError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.changed(said(self.app, done))

    def changed(self, message: str | None) -> None:
        if message is None:
            return
        self.reload()
        self.notify(message, markup=False, timeout=4)

    # --- session ----------------------------------------------------------------------------

    def save_session(self) -> None:
        pane = self.query_one(TimersPane)
        self.store.save_session(self.session_name, last_pane=self.pane,
                                selection={"entry": pane.selected_entry()},
                                filters={"chart_days": pane.chart_days})
