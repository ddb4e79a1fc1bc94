"""The main screen: the pane bar, the four panes, the status strip and the footer.

It turns the panes' messages into store calls and re-reads the store: after its own changes,
and when another process changed the database (polled each second through the store's change
counter, an indexed MAX over the activity log). Every store call runs on the store's thread
through :mod:`fcc.tui.storework`; what comes back is drawn here. The dialogs it opens are given
what they show, read first in the same way (:mod:`fcc.tui.screens.opening`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from fcc.store.errors import FccError
from fcc.tui.screens.boards import BoardsPane
from fcc.tui.screens.lazy_panes import LAZY_PANES, LazyPane, make_pane
from fcc.tui.screens.plan import PlanPane
from fcc.tui.screens.reads import PAGE_DAYS, Loaded, build_timers_view, first_view, read_all
from fcc.tui.storework import StoreWork, store_work
from fcc.tui.views import TimersView
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.panes import PANES, PaneBar
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import EntryTable, TimersPane

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.store.records import Change, Session
    from fcc.store.records_tui import FirstFrame
    from fcc.tui.screens.reports import ReportsPane

__all__ = ["MainScreen", "build_timers_view", "said", "say", "shown_keys"]


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
    return say(change, shown_keys(app)["timers.undo"])


def say(change: Change, undo_key: str) -> str:
    """:func:`said` with the undo key read already (a dialog's store call says it)."""
    if not change.discarded:
        return change.message
    return f"{change.message}; {undo_key} to keep it"


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("1", "show_pane('boards')", "Boards", id="pane.boards", show=False),
        Binding("2", "show_pane('timers')", "Timers", id="pane.timers", show=False),
        Binding("3", "show_pane('plan')", "Plan", id="pane.plan", show=False),
        Binding("4", "show_pane('reports')", "Reports", id="pane.reports", show=False),
        Binding("5", "show_pane('invoices')", "Invoices", id="pane.invoices", show=False,
                tooltip="Invoices and credit notes: create, issue, mark paid, void, export"),
        Binding("6", "show_pane('history')", "History", id="pane.history", show=False,
                tooltip="Who changed what when; undo the latest change"),
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

    def __init__(self, clock: Clock, session: str = "default",
                 first: FirstFrame | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.session_name = session
        self.first = first  # the first frame's figures, read before the store opened
        self._seen_changes = -1
        self._polling = False  # a poll is on its way: a slow database is not asked again
        self._reports: ReportsPane | None = None  # mounted when first shown
        self._lazy: dict[str, LazyPane] = {}  # Invoices, History: mounted when first shown
        self._since: dt.date | None = None  # the oldest day loaded (None: the default days)
        # A load of older days shows its result only if it is the newest load and nothing was
        # shown since it started (else it is read again: a reload may have shown newer data).
        self._load_token = 0
        self._shown = 0

    @property
    def work(self) -> StoreWork:
        return store_work(self)

    def compose(self) -> ComposeResult:
        yield PaneBar(id="pane-bar").data_bind(current=MainScreen.pane)
        with ContentSwitcher(initial="timers", id="panes"):
            yield BoardsPane(id="boards")
            yield TimersPane(id="timers").data_bind(MainScreen.now)
            yield PlanPane(id="plan")
            # the Reports, Invoices and History panes are mounted when first shown
        yield StatusStrip(id="status").data_bind(MainScreen.now)
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """With a first frame (from plain sqlite3) the strip and running timers are drawn at
        once and the store opens on its thread right after; else the first read brings the
        session and the view together."""
        self.now = self.clock.now()
        self.show_keys()
        if self.first is not None:
            keep = self.use_session(self.first.session)
            self._seen_changes = self.first.counter
            summary = first_view(self.first)
            self.query_one(StatusStrip).view = summary
            self.query_one(TimersPane).show_running(summary)
            if self.pane == "boards":  # the board first: it is what the user looks at
                self.call_after_refresh(self.query_one(BoardsPane).load)
            elif self.pane == "plan":  # so is the plan
                self.call_after_refresh(self.query_one(PlanPane).load)
            self.call_after_refresh(self.reload, keep)
        else:
            name, now = self.session_name, self.now

            def first_read(store: Store) -> tuple[Session | None, Loaded]:
                return store.load_session(name), read_all(store, now, since=None)

            def got(result: tuple[Session | None, Loaded]) -> None:
                session, loaded = result
                keep = self.use_session(session)
                self._show_all(loaded, keep)

            self.work.run(self, first_read, got, group="reload", exclusive=True)
        self.watch_pane(self.pane)
        self.set_interval(1.0, self.tick)
        self.set_interval(1.0, self.poll_changes)
        self.call_after_refresh(self.ask_about_forgotten)

    def use_session(self, session: Session | None) -> int | None:
        """The saved pane and chart range; the entry to select (once the list is filled)."""
        if session is None:
            return None
        if session.last_pane in dict(PANES):
            self.pane = session.last_pane
        if session.filters.get("chart_days") in (7, 14):
            self.query_one(TimersPane).chart_days = session.filters["chart_days"]
        self.query_one(BoardsPane).use_session(session.filters, session.selection)
        keep = session.selection.get("entry")
        return keep if isinstance(keep, int) else None

    # --- the clock and live data ------------------------------------------------------------

    def tick(self) -> None:
        self.now = self.clock.now()

    def poll_changes(self) -> None:
        """Another terminal's `fcc start` shows here within a second: one indexed query, and
        when it moved, the new view read in the same call."""
        if self._polling:
            return
        self._polling = True
        seen, now, since = self._seen_changes, self.clock.now(), self._since

        def poll(store: Store) -> Loaded | None:
            counter = store.change_counter()
            if counter == seen:
                return None
            return read_all(store, now, since=since, counter=counter)

        def got(loaded: Loaded | None) -> None:
            self._polling = False
            if loaded is not None:
                self._show_all(loaded, None)

        def failed(exc: FccError) -> None:
            self._polling = False  # said by the next key that needs the store

        self.work.run(self, poll, got, group="poll", failed=failed)

    def reload(self, keep: int | None = None) -> None:
        """Re-read what the panes show (a newer reload replaces one not yet started)."""
        now, since = self.clock.now(), self._since
        self.work.run(self, lambda store: read_all(store, now, since=since),
                      lambda loaded: self._show_all(loaded, keep), group="reload",
                      exclusive=True, name="reload")

    def _show_all(self, loaded: Loaded, keep: int | None) -> None:
        if not self.query(StatusStrip):  # the app is closing (a poll's read came back late)
            return
        view = loaded.view
        self._seen_changes = loaded.counter
        self._shown += 1
        self.now = self.clock.now()
        self.query_one(StatusStrip).view = view
        self.query_one(TimersPane).show(view, keep)
        self.ready = True
        boards = self.query_one(BoardsPane)
        if boards.data is None or self.pane == "boards":
            # read once ahead (switching to Boards then shows it at once), and again while
            # shown, only when the store changed since its last read
            boards.load()
        plan = self.query_one(PlanPane)
        if plan.data is None or self.pane == "plan":
            plan.load()  # as the board: read ahead once, and while shown when it changed
        if self._reports is not None and self.pane == "reports":
            self._reports.load()  # read again only if the store changed since its last read
        if self.pane in self._lazy:
            self._lazy[self.pane].load()  # read again only when the store changed

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
            from fcc.tui.screens.reports import ReportsPane  # loaded on first use

            self._reports = ReportsPane(id="reports")
            switcher.mount(self._reports)  # in the DOM now; set up on its own mount
        if pane in LAZY_PANES and pane not in self._lazy:
            widget = make_pane(pane)
            self._lazy[pane] = widget  # type: ignore[assignment]
            switcher.mount(widget)
        switcher.current = pane
        if pane == "timers":
            self.query_one(EntryTable).focus()
        elif pane == "boards":
            boards = self.query_one(BoardsPane)
            boards.focus_board()
            if self.ready:  # else the first full read loads it
                boards.load()
        elif pane == "plan":
            plan = self.query_one(PlanPane)
            plan.focus_items()
            if self.ready:
                plan.load()
        elif self._reports is not None and pane == "reports":
            self._reports.focus()
            if self.ready:  # else the first full read loads it
                self._reports.load()
        elif pane in self._lazy:
            lazy = self._lazy[pane]
            self.call_after_refresh(lazy.focus_pane)  # once mounted
            lazy.load()
        else:
            self.set_focus(None)

    def action_show_pane(self, pane: str) -> None:
        self.pane = pane

    # --- timers -----------------------------------------------------------------------------

    def action_toggle_timer(self) -> None:
        """Stop what runs; else start on the selected entry, else pick. On the Boards pane:
        start on the card under the cursor (or stop its timer); on the Plan pane, on the item's
        card."""
        if self.pane == "boards":
            if not self.query_one(BoardsPane).toggle_timer():
                self.action_pick_timer()
            return
        if self.pane == "plan":  # the item's card
            if not self.query_one(PlanPane).toggle_timer():
                self.action_pick_timer()
            return
        pane = self.query_one(TimersPane)
        entry_id = pane.selected_entry() if self.pane == "timers" else None
        on_a_row = self.pane == "timers" and pane.on_a_row()

        def toggle(store: Store) -> Change | None:
            if store.running():
                return store.stop_timer()
            return store.resume(entry_id) if entry_id is not None else None

        def idle() -> None:
            if on_a_row:
                pick = shown_keys(self.app).get("timer.pick", "T")
                self.notify(f"Select an entry to start on it, or press {pick} to pick a "
                            "project.", severity="warning", markup=False)
            else:
                self.action_pick_timer()

        self.change(toggle, otherwise=idle)

    def action_pick_timer(self) -> None:
        from fcc.tui.screens.picker import start_on  # loaded on first use: a faster start

        start_on(self)  # pick (or create) a project or card, then note and tags

    def action_stop_timer(self) -> None:
        self.change(lambda store: store.stop_timer())  # idle: the store says so

    @on(TimersPane.Asked)
    def _asked(self, event: TimersPane.Asked) -> None:
        from fcc.tui.screens.opening import open_entry_form

        action, entry_id = event.action, event.entry_id
        if action == "undo":
            self.change(lambda store: store.undo())
        elif action != "add" and entry_id is None:
            self.notify(f"Select an entry to {action} it: the cursor is not on one.",
                        severity="warning", markup=False)
        elif action == "resume":
            assert entry_id is not None
            self.change(lambda store: store.resume(entry_id))
        else:
            open_entry_form(self, action, entry_id)

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
        """Read the list back to ``since`` on the store's thread, then show it with the
        cursor on the first newly loaded row (or on ``select_day``)."""
        self.loading_days = True
        row = self.query_one(EntryTable).cursor_row
        self._load_token += 1
        self._load_days(since, row, select_day, self._load_token, self._shown)

    def _load_days(self, since: dt.date, row: int, select_day: dt.date | None, token: int,
                   shown: int) -> None:
        now = self.clock.now()

        def failed(exc: FccError) -> None:
            if token == self._load_token:  # else a newer load is under way
                self.loading_days = False
                self.notify(str(exc), severity="error", markup=False)

        self.work.run(self, lambda store: build_timers_view(store, now, since=since),
                      lambda view: self._loaded(view, since, row, select_day, token, shown),
                      group="older-days", exclusive=True, failed=failed)

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

        self.pane = "timers"

        def chosen(day: dt.date | None) -> None:
            if day is None:
                return
            if day < self._first_day():
                self.load_days(day, select_day=day)
            else:
                self.query_one(TimersPane).select_day(day)

        now = self.clock.now()
        self.work.run(self, lambda store: store.prefs.zone,
                      lambda zone: self.app.push_screen(GoToModal(now, zone), chosen))

    def ask_about_forgotten(self) -> None:
        from fcc.tui.screens.opening import ask_about_forgotten

        ask_about_forgotten(self)

    def change(self, do: Callable[[Store], Change | None], *,
               otherwise: Callable[[], None] | None = None) -> None:
        """Run one store verb and read the new view in the same call (the write lands at
        once, the screen shows it as soon as it is read); say what it did, or why not (the
        app's one place for errors). ``do`` returning None: nothing done, ``otherwise``."""
        now, since = self.clock.now(), self._since

        def write(store: Store) -> Loaded | None:
            done = do(store)
            if done is None:
                return None
            return read_all(store, now, since=since, change=done)

        def got(loaded: Loaded | None) -> None:
            if loaded is None or loaded.change is None:
                if otherwise is not None:
                    otherwise()
                return
            self._show_all(loaded, None)
            self.notify(said(self.app, loaded.change), markup=False, timeout=4)

        self.work.run(self, write, got, group="write")

    def changed(self, message: str | None) -> None:
        """A dialog saved (its message) or was cancelled (None)."""
        if message is None:
            return
        self.reload()
        self.notify(message, markup=False, timeout=4)

    # --- session ----------------------------------------------------------------------------

    def session_saver(self) -> Callable[[Store], None]:
        """What quitting saves (read from the screen here, written on the store's thread)."""
        pane = self.query_one(TimersPane)
        name, last, entry, days = (self.session_name, self.pane, pane.selected_entry(),
                                   pane.chart_days)
        boards = self.query_one(BoardsPane)
        board_filters, board_selection = boards.session_values()

        def save(store: Store) -> None:
            store.save_session(name, last_pane=last,
                               selection={"entry": entry, **board_selection},
                               filters={"chart_days": days, **board_filters})

        return save
