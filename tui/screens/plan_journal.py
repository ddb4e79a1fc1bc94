"""The journal (``j`` on the Plan pane): a week's thread of timestamped notes (and its review),
a line to add a note (``n``), a search over the whole cycle (``/``), ``[``/``]`` for the weeks
around it. Notes are the user's text: shown literally, never as markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from fcc.store.errors import FccError
from fcc.store.visible import visible
from fcc.tui.storework import store_work
from fcc.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store


@dataclasses.dataclass(frozen=True)
class JournalData:
    week: int | None  # None: a search over the cycle
    search: str
    notes: tuple[rp.JournalNote, ...]
    zone: str


def read_journal(store: Store, week: int | None, search: str = "") -> JournalData:
    if search:
        notes = store.journal(search=search)
        return JournalData(None, search, tuple(notes), store.prefs.zone)
    return JournalData(week, "", tuple(store.journal(week=week)), store.prefs.zone)


def thread_text(data: JournalData) -> Text:
    from fcc.store.zones import zone_tz

    tz = zone_tz(data.zone) or dt.UTC
    out = Text()
    if not data.notes:
        out.append("No note found." if data.search else "No note this week yet: n writes one.",
                   style="dim")
        return out
    for note in data.notes:
        at = note.at.astimezone(tz)
        out.append(f"{at:%a %d %b %H:%M}", style="bold")
        if data.week is None:
            out.append(f"  W{note.week}", style="dim")
        if note.kind == "review":
            out.append("  review", style="bold yellow")
        if note.edited_at is not None:
            out.append("  (edited)", style="dim")
        out.append("\n")
        for line in visible(note.body, keep="\n").splitlines() or [""]:
            out.append(f"  {line}\n")
        out.append("\n")
    return out


class JournalScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="journal.close",
                tooltip="Back to the plan (escape in a line: leave the line)"),
        Binding("n", "write", "Note", id="journal.note", tooltip="Write a note in this week"),
        Binding("slash", "search", "Search", id="journal.search",
                tooltip="Search the cycle's notes"),
        Binding("left_square_bracket", "week(-1)", "◀ Week", id="journal.previous",
                tooltip="The previous week's thread"),
        Binding("right_square_bracket", "week(1)", "Week ▶", id="journal.next",
                tooltip="The next week's thread"),
    ]

    def __init__(self, data: JournalData) -> None:
        super().__init__(classes="journal-screen")
        self.data = data
        self.week = data.week or 1

    def compose(self) -> ComposeResult:
        with Vertical(id="journal"):
            yield Static("", id="journal-title")
            with VerticalScroll(id="journal-scroll"):
                yield Static("", id="journal-thread")
            yield Input(id="journal-note", placeholder="a note for this week; enter adds it")
            yield Input(id="journal-search", placeholder="search the cycle's notes; enter")
        yield KeyBar(id="journal-keys")

    def on_mount(self) -> None:
        self.query_one("#journal-note").display = False
        self.query_one("#journal-search").display = False
        self.show(self.data)
        self.query_one("#journal-scroll").focus()

    def show(self, data: JournalData) -> None:
        self.data = data
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" Journal", style="bold")
        if data.search:
            title.append(f"  search: {visible(data.search)}  ({len(data.notes)} found)")
        else:
            title.append(f"  W{data.week}")
        count = len(data.notes)
        title.append(f"  {count} note{'s' if count != 1 else ''}", style="dim")
        self.query_one("#journal-title", Static).update(title)
        self.query_one("#journal-thread", Static).update(thread_text(data))
        self.query_one("#journal-scroll", VerticalScroll).scroll_end(animate=False)

    def load(self, search: str = "") -> None:
        week = self.week
        store_work(self).run(self, lambda store: read_journal(store, week, search), self.show,
                             group="journal", exclusive=True,
                             failed=self._failed)

    def _failed(self, exc: FccError) -> None:
        self.app.store_failed(exc)  # type: ignore[attr-defined]

    def action_week(self, delta: int) -> None:
        self.week = max(1, min(13, self.week + delta))
        self.load()

    def action_write(self) -> None:
        field = self.query_one("#journal-note", Input)
        field.display = True
        field.focus()

    def action_search(self) -> None:
        field = self.query_one("#journal-search", Input)
        field.display = True
        field.value = self.data.search
        field.focus()

    def action_close(self) -> None:
        for name in ("#journal-note", "#journal-search"):
            field = self.query_one(name, Input)
            if field.has_focus:
                field.display = False
                if name == "#journal-search" and self.data.search:
                    self.load()  # leaving the search: the week's thread again
                self.query_one("#journal-scroll").focus()
                return
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "journal-search":
            self.load(event.value.strip())
            return
        text, week = event.value, self.week
        if not text.strip():
            return

        def add(store: Store) -> JournalData:
            store.add_note(text, week=week)
            return read_journal(store, week)

        def added(data: JournalData) -> None:
            event.input.value = ""
            self.show(data)

        store_work(self).run(self, add, added, group="journal", failed=self._failed)


def open_journal(pane: Any, week: int | None) -> None:
    """``j``: the thread of the week shown on the pane."""
    def opened(data: JournalData) -> None:
        pane.app.push_screen(JournalScreen(data), lambda _: pane.load())

    store_work(pane).run(pane, lambda store: read_journal(store, week), opened,
                         failed=pane.app.store_failed)
