"""The History pane (``6``): who changed what when, before → after, and undo of the latest
batch. Mounted when first shown (:mod:`fcc.tui.screens.lazy_panes`).

It reads a page of ``store.activity_history`` on the store's thread (with the user's zone and
the store's change counter, so the main screen's poll re-reads it only when something
changed), groups it by batch (:mod:`fcc.tui.widgets.history_list`) and reads older pages as
the cursor nears the end. ``enter`` on the batch ``undo`` would revert asks first, then undoes
exactly that batch (``store.undo(batch=...)``: a change made meanwhile elsewhere is refused,
not undone in its place); on any other batch it says why not. ``f`` steps through the kinds of
things shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static

from fcc.store.errors import FccError
from fcc.store.records import record
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.history_list import Batch, HistoryList, batch_detail, group
from fcc.tui.widgets.keybar import shown_key

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records_history import HistoryItem

PAGE = 100  # changes read at a time (the list shows 20 rows at most)
NEAR_END = 10  # rows before the end at which the next page is read
# What ``f`` steps through (None: everything); the store's --entity words.
FILTERS: tuple[str | None, ...] = (None, "entry", "card", "board", "plan", "client", "project",
                                   "approval", "invoice", "setting")


@record
class HistoryPage:
    """What one read brings: the items (newest first), whether older ones remain, the zone to
    show times in, and the store's change counter when it was read."""

    items: tuple[HistoryItem, ...]
    more: bool
    zone: str
    counter: int


def read_page(store: Store, entity: str | None, before: int | None, limit: int) -> HistoryPage:
    """On the store's thread: one page, newest first (older than the item ``before``)."""
    counter = store.change_counter()
    items = store.activity_history(entity=entity, before=before, limit=limit)
    return HistoryPage(items=tuple(items), more=len(items) == limit, zone=store.prefs.zone,
                       counter=counter)


class HistoryPane(Vertical, can_focus=True):
    """The activity log, newest first, a batch per row, and the highlighted batch's changes."""

    BINDINGS = [
        Binding("f", "next_filter", "Filter", id="history.filter",
                tooltip="Show only entries, cards, the plan, clients, invoices... (f again: "
                        "the next kind, then everything)"),
        Binding("u", "undo_latest", "Undo", id="history.undo", show=False,
                tooltip="Undo the latest change (asks first)"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.batches: list[Batch] = []
        self.filter: str | None = None
        self.zone = "UTC"
        self.counter = -1  # the change counter of the last read (-1: nothing read yet)
        self.more = False
        self._loading = False
        self._again = False
        self._paging = False

    def compose(self) -> ComposeResult:
        yield Static(Text(" Reading the history…", style="dim"), id="history-head")
        yield HistoryList(id="history-list")
        with VerticalScroll(id="history-detail"):
            yield Static("", id="history-changes")

    @property
    def rows(self) -> HistoryList:
        return self.query_one(HistoryList)

    def focus_pane(self) -> None:
        self.rows.focus()

    def on_mount(self) -> None:
        if self._again:  # asked to load before it was mounted (is_mounted is set after this)
            self._again = False
            self.call_after_refresh(self.load, force=True)

    # --- reading ---------------------------------------------------------------------------

    def load(self, *, force: bool = False) -> None:
        """Read the newest page again when the store changed since (always: ``force``); the
        cursor stays on its batch."""
        if self._loading or not self.is_mounted:
            self._again = True
            return
        self._loading = True
        entity, seen = self.filter, (-1 if force else self.counter)
        size = min(1000, max(PAGE, sum(len(b.items) for b in self.batches)))

        def read(store: Store) -> HistoryPage | None:
            if seen >= 0 and store.change_counter() == seen:
                return None
            return read_page(store, entity, None, size)

        def got(page: HistoryPage | None) -> None:
            self._loading = False
            if not self.is_attached:
                return
            if page is not None and entity == self.filter:
                self.show(page)
            if self._again or entity != self.filter:
                self._again = False
                self.load(force=True)

        def failed(exc: FccError) -> None:
            self._loading = False
            self.app.store_failed(exc)  # type: ignore[attr-defined]

        store_work(self).run(self, read, got, group="history-read", failed=failed)

    def show(self, page: HistoryPage) -> None:
        keep = self.current.key if self.current is not None else None
        self.zone, self.counter, self.more = page.zone, page.counter, page.more
        self.batches = group(list(page.items))
        self.rows.show(self.batches, self.zone, keep)
        self._head()
        self._detail()

    def _older(self) -> None:
        """The next page of older changes, appended (joining a batch the edge cut)."""
        if self._paging or not self.more or not self.batches:
            return
        self._paging = True
        entity, oldest = self.filter, self.batches[-1].items[-1].id

        def got(page: HistoryPage) -> None:
            self._paging = False
            if not self.is_attached or entity != self.filter or not self.batches \
                    or self.batches[-1].items[-1].id != oldest:
                return  # the list was read again meanwhile
            start = len(self.batches) - 1
            self.batches = group(list(page.items), self.batches)
            self.more = page.more
            self.rows.append(self.batches, start, self.zone)
            self._head()

        def failed(exc: FccError) -> None:
            self._paging = False
            self.app.store_failed(exc)  # type: ignore[attr-defined]

        store_work(self).run(self, lambda store: read_page(store, entity, oldest, PAGE), got,
                             group="history-older", failed=failed)

    # --- showing ---------------------------------------------------------------------------

    @property
    def current(self) -> Batch | None:
        at = self.rows.highlighted
        if at is None or not 0 <= at < len(self.batches):
            return None
        return self.batches[at]

    def _head(self) -> None:
        what = f"only {self.filter} changes" if self.filter else "every change"
        key = shown_key(self, "history.filter", "f")
        count = sum(len(b.items) for b in self.batches)
        more = "+" if self.more else ""
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" History", style="bold")
        line.append(f" · {what} · {count}{more} changes, newest first · {key} filters", style="dim")
        if any(b.undo == "undoable" for b in self.batches):
            line.append(f" · {self._undo_keys()} on ↶ undoes it", style="dim")
        if not self.batches:
            line.append(" · nothing here yet" if self.filter is None
                        else f" · no {self.filter} changes", style="dim")
        self.query_one("#history-head", Static).update(line)

    def _detail(self) -> None:
        batch = self.current
        text = Text("") if batch is None else batch_detail(batch, self.zone, self._undo_keys())
        self.query_one("#history-changes", Static).update(text)

    def _undo_keys(self) -> str:
        return f"⏎ or {shown_key(self, 'history.undo', 'u')}"

    @on(OptionList.OptionHighlighted, "#history-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._detail()
        if event.option_index >= len(self.batches) - NEAR_END:
            self._older()

    @on(HistoryList.EndReached)
    def _end_reached(self, event: HistoryList.EndReached) -> None:
        event.stop()
        self._older()

    # --- undo ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#history-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        batch = self.current
        if batch is not None:
            self.ask_undo(batch)

    def action_undo_latest(self) -> None:
        latest = next((b for b in self.batches if b.undo == "undoable"), None)
        if latest is None:
            self.notify("Nothing here can be undone (the latest change is not shown, or was "
                        "undone already).", severity="warning", markup=False)
            return
        self.rows.highlighted = self.batches.index(latest)
        self.ask_undo(latest)

    def ask_undo(self, batch: Batch) -> None:
        """The latest batch: ask, then undo exactly it; any other: say why not."""
        if batch.undo != "undoable":
            self.notify(f"Cannot undo this change: {batch.first.undo_note}.",
                        severity="warning", markup=False)
            return
        from fcc.tui.screens.card_forms import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.undo(batch.key)

        self.app.push_screen(ConfirmModal(one_line(batch.title, 300), "Undo this change?"),
                             answered)

    def undo(self, key: str) -> None:
        def done(message: str) -> None:
            self.notify(message, markup=False, timeout=4)
            self.load(force=True)
            reload = getattr(self.screen, "reload", None)
            if reload is not None:  # the other panes show the undone change too
                reload()

        def failed(exc: FccError) -> None:
            self.app.store_failed(exc)  # type: ignore[attr-defined]
            self.load(force=True)  # what is the latest change now

        store_work(self).run(self, lambda store: store.undo(batch=key).message, done,
                             group="history-undo", failed=failed)

    # --- filters ---------------------------------------------------------------------------

    def action_next_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.batches = []
        self.rows.clear_options()
        self._head()
        self._detail()
        self.load(force=True)
