"""Dialogs on time entries: amend or add one, split, break, void, and the forgotten timer.

Each returns the store's message (what changed) or None when cancelled. Each is given what it
shows (the entry, the zone, the project names: :mod:`fcc.tui.screens.opening` reads them
first); its store call runs on the store's thread. Only what the user edited is sent: an
untouched time keeps its seconds, and a form with no edits says so instead of writing a new
version.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Checkbox

from fcc.store.errors import InvalidInput
from fcc.store.records import Entry
from fcc.store.when import format_local
from fcc.store.zones import first_instant
from fcc.tui.screens.forms import FormModal, Job, shown_time, split_tags
from fcc.tui.text import hm

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock

NOTHING_CHANGED = "nothing changed"


def entry_values(entry: Entry, zone: str) -> dict[str, str]:
    return {
        "project": entry.project, "card": str(entry.work_item_id or ""),
        "start": shown_time(entry.start, zone),
        "end": shown_time(entry.end, zone) if entry.end else "",
        "note": entry.note, "tags": ", ".join(entry.tags),
    }


class EntryModal(FormModal[str]):
    """Amend an entry (a new version supersedes it) or add a past one."""

    FIELDS = (("project", "Project"), ("card", "Card #"), ("start", "Start"),
              ("end", "End"), ("note", "Note"), ("tags", "Tags"))
    COMPLETE = ("project",)

    def __init__(self, clock: Clock, entry: Entry | None = None, *, zone: str,
                 projects: list[str], free: dict[str, dt.datetime] | None = None) -> None:
        """``entry`` to amend (in its own zone), else a new one in ``zone`` pre-filled with
        ``free`` (see :func:`gap`); ``projects``: the names the project field completes."""
        zone = entry.zone if entry else zone
        exact: dict[str, dt.datetime | None]
        if entry:
            exact = {"start": entry.start, "end": entry.end}
            values = entry_values(entry, zone)
        else:
            found = dict(free or {})
            exact = dict(found)
            values = {name: shown_time(at, zone) for name, at in found.items()}
        super().__init__(clock, values, exact=exact, zone=zone, names={"project": projects},
                         heading=f"entry {entry.no}: {entry.project}" if entry else "")
        self.entry = entry
        self.form_title = "Amend entry" if entry else "Add a past entry"

    def compose_fields(self) -> ComposeResult:
        yield from super().compose_fields()
        yield Checkbox("Billable", self.entry.billable if self.entry else True, id="billable")

    def card(self) -> int | None:
        from fcc.store.bounds import parse_id

        card_text = self.field("card").strip()
        return parse_id(card_text, "card", "a card number like 12, or nothing") if card_text \
            else None

    def submit(self) -> Job[str]:
        billable = self.query_one("#billable", Checkbox).value
        if self.entry is None:
            start = self.when("start")
            assert start is not None
            end = self.until("end", start, optional=True)
            if end is None:
                raise InvalidInput("end", "an end time or a duration for a past entry (t or T "
                                   "starts a running timer)")
            project, card = self.field("project").strip() or None, self.card()
            note, tags = self.field("note"), split_tags(self.field("tags"))
            return lambda store: store.add_entry(project, start, end, card=card, note=note,
                                                 tags=tags, billable=billable).message
        return self.amend(self.entry, billable)

    def amend(self, old: Entry, billable: bool) -> Job[str]:
        changes: dict[str, Any] = {}
        if self.touched("project") and self.field("project").strip() not in ("", old.project):
            changes["project"] = self.field("project").strip()
        if self.touched("card") and self.card() != old.work_item_id:
            changes["card"] = self.card()
        start = self.when("start")
        assert start is not None
        if start != old.start:
            changes["start"] = start
        end = self.until("end", start, optional=True)
        if end != old.end:
            changes["end"] = end
        if self.touched("note") and self.field("note").strip() != old.note:
            changes["note"] = self.field("note")
        if self.touched("tags") and tuple(split_tags(self.field("tags"))) != old.tags:
            changes["tags"] = split_tags(self.field("tags"))
        if billable != old.billable:
            changes["billable"] = billable
        if not changes:
            return lambda store: NOTHING_CHANGED
        return lambda store: store.amend_entry(old.no, **changes).message


def gap(store: Store, now: dt.datetime) -> dict[str, dt.datetime]:
    """What the add form starts with (read on the store's thread): the untracked time since
    the last entry ended today, up to now (or to the running timer's start); nothing when
    there is no such gap."""
    running = store.running()
    end = min([now, *(e.start for e in running)])
    day_start = first_instant(now.astimezone(store.prefs.tz).date(), store.prefs.tz)
    ended = [e.end for e in store.entries(day_start, end) if e.end is not None and e.end < end]
    if not ended:
        return {"end": end}
    return {"start": max(ended), "end": end}


class SplitModal(FormModal[str]):
    TITLE = "Split entry"
    SUBMIT = "Split"
    FIELDS = (("at", "Split at"),)

    def __init__(self, clock: Clock, entry: Entry) -> None:
        super().__init__(clock, {"at": ""}, heading=describe(entry), zone=entry.zone)
        self.entry = entry

    def submit(self) -> Job[str]:
        at = self.when("at")
        assert at is not None
        no = self.entry.no
        return lambda store: store.split_entry(no, at).message


class BreakModal(FormModal[str]):
    TITLE = "Insert a break"
    SUBMIT = "Insert"
    FIELDS = (("start", "Break from"), ("end", "To / length"))
    HINTS = {"start": "12:30, -45m, yesterday 12:30", "end": "13:15, or a duration: 45m"}

    def __init__(self, clock: Clock, entry: Entry) -> None:
        super().__init__(clock, {}, heading=describe(entry), zone=entry.zone)
        self.entry = entry

    def submit(self) -> Job[str]:
        start = self.when("start")
        assert start is not None
        end = self.until("end", start)
        assert end is not None
        no = self.entry.no
        return lambda store: store.insert_break(no, start, end).message


class VoidModal(FormModal[str]):
    TITLE = "Void entry"
    SUBMIT = "Void"
    FIELDS = (("reason", "Reason"),)

    def __init__(self, clock: Clock, entry: Entry) -> None:
        super().__init__(clock, {}, heading=describe(entry), zone=entry.zone)
        self.entry = entry

    def submit(self) -> Job[str]:
        no, reason = self.entry.no, self.field("reason")
        return lambda store: store.void_entry(no, reason).message


class ForgottenModal(FormModal[str]):
    """A timer left running past the limit: keep it, stop it at a time, or discard it."""

    TITLE = "A timer is still running"
    SUBMIT = "Stop at this time"
    FIELDS = (("at", "Stop at"),)
    BINDINGS = [Binding("escape", "keep", "Keep running", id="forgotten.keep",
                        tooltip="Keep the timer running"),
                Binding("ctrl+d", "discard", "Discard", id="forgotten.discard",
                        tooltip="Discard the timer (voided, kept in the history)")]

    def __init__(self, clock: Clock, entry: Entry, default_stop: dt.datetime) -> None:
        zone = entry.zone
        ran = hm(entry.seconds(clock.now()))
        super().__init__(clock, {"at": shown_time(default_stop, zone)},
                         exact={"at": default_stop}, zone=zone,
                         heading=f"{entry.project} has run for {ran}, since "
                                 f"{format_local(entry.start, zone)}")
        self.entry = entry

    def compose_buttons(self) -> ComposeResult:
        yield Button(self.SUBMIT, variant="primary", id="submit")
        yield Button("Keep running", id="keep")
        yield Button("Discard", id="discard", variant="error")

    def submit(self) -> Job[str]:
        at = self.when("at")
        assert at is not None
        no = self.entry.no
        return lambda store: store.stop_timer(at, entry_id=no).message

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss("kept the timer running")

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        if self.saving:
            return
        no = self.entry.no
        self.save(lambda store: store.void_entry(no, "discarded forgotten timer").message,
                  self.dismiss)


def describe(entry: Entry) -> str:
    end = (format_local(entry.end, entry.zone, "%H:%M:%S" if entry.end.second else "%H:%M")
           if entry.end else "running")
    return f"entry {entry.no}: {entry.project} {shown_time(entry.start, entry.zone)}–{end}"
