"""Modal forms: amend / add an entry, split, break, void, start on…, and the forgotten timer.

Each form validates as it submits and shows the store's one-line error under the field it
names; a modal returns the store's message (what changed) or None when cancelled. Modals are
screens, so they call the store themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from fcc.store.errors import FccError, InvalidInput
from fcc.store.records import Entry
from fcc.store.when import format_local, parse_when
from fcc.tui.text import hm, literal, one_line

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.store.records_tui import Pick

# The store names the option a CLI user typed; a form names its own fields.
FIELD_OF = {"--from": "start", "--to": "end", "--at": "at", "time": "start", "--note": "note",
            "--tag": "tags", "--card": "project", "card": "project", "--reason": "reason",
            "reason": "reason", "project": "project", "entry": "", "--project": "project"}


PLACEHOLDERS = {
    "project": "NAME or CLIENT/NAME", "card": "a card number, or empty",
    "start": "17:30, yesterday 9:00, 2026-11-20 14:00", "end": "empty while it runs",
    "at": "17:30, yesterday 18:00", "tags": "comma-separated", "reason": "kept in the history",
}


class FormModal(ModalScreen[str | None]):
    """A titled form: Enter (or Save) submits, Tab moves between fields, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="modal.cancel")]
    AUTO_FOCUS = "Input"
    TITLE = ""
    SUBMIT = "Save"
    FIELDS: tuple[tuple[str, str], ...] = ()  # (name, label)

    def __init__(self, store: Store, clock: Clock, values: dict[str, str] | None = None,
                 *, heading: str = "") -> None:
        super().__init__(classes="form-modal")
        self.store = store
        self.clock = clock
        self.values = values or {}
        self.heading = heading
        self.form_title = self.TITLE

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.form_title, style="bold"), classes="dialog-title")
            if self.heading:
                yield Static(literal(self.heading, limit=200), classes="dialog-heading")
            with VerticalScroll(classes="fields", can_focus=False):
                yield from self.compose_fields()
            yield Label("", id="error-form", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.SUBMIT, variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def compose_fields(self) -> ComposeResult:
        for name, label in self.FIELDS:
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field-label")
                yield Input(self.values.get(name, ""), id=f"field-{name}",
                            placeholder=PLACEHOLDERS.get(name, ""), select_on_focus=False)
            yield Label("", id=f"error-{name}", classes="error")

    # --- helpers for subclasses ---------------------------------------------------------------

    def field(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def when(self, name: str, *, optional: bool = False) -> dt.datetime | None:
        text = self.field(name).strip()
        if not text:
            if optional:
                return None
            raise InvalidInput(name, "a time like 17:30, yesterday 9:00 or 2026-11-20 14:00")
        return parse_when(text, now=self.clock.now(), zone=self.store.prefs.zone, field=name)

    def submit(self) -> str:
        raise NotImplementedError

    # --- events -------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter submits from any field (Tab moves between them)."""
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        for label in self.query(".error").results(Label):
            label.update("")
            label.display = False
        try:
            message = self.submit()
        except InvalidInput as exc:
            self.show_error(exc.field, str(exc))
            return
        except FccError as exc:  # NotFound and the like start with the field: "project: ..."
            named = str(exc).split(":", 1)[0]
            self.show_error(named if named in FIELD_OF else "", str(exc))
            return
        self.dismiss(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, field: str, message: str) -> None:
        name = FIELD_OF.get(field, field)
        target = self.query(f"#error-{name}") if name else None
        label = target.first(Label) if target else self.query_one("#error-form", Label)
        label.update(Text(one_line(message, 300)))
        label.display = True
        if name and self.query(f"#field-{name}"):
            self.query_one(f"#field-{name}", Input).focus()


def entry_values(entry: Entry, zone: str) -> dict[str, str]:
    return {
        "project": entry.project, "card": str(entry.work_item_id or ""),
        "start": format_local(entry.start, zone),
        "end": format_local(entry.end, zone) if entry.end else "",
        "note": entry.note, "tags": ", ".join(entry.tags),
    }


class EntryModal(FormModal):
    """Amend an entry (a new version supersedes it) or add a past one."""

    FIELDS = (("project", "Project"), ("card", "Card #"), ("start", "Start"),
              ("end", "End"), ("note", "Note"), ("tags", "Tags"))

    def __init__(self, store: Store, clock: Clock, entry: Entry | None = None) -> None:
        zone = store.prefs.zone
        values = entry_values(entry, zone) if entry else {"start": "", "end": ""}
        super().__init__(store, clock, values,
                         heading=f"entry {entry.id}: {entry.project}" if entry else "")
        self.entry = entry
        self.form_title = "Amend entry" if entry else "Add a past entry"

    def compose_fields(self) -> ComposeResult:
        yield from super().compose_fields()
        yield Checkbox("Billable", self.entry.billable if self.entry else True, id="billable")

    def submit(self) -> str:
        card_text = self.field("card").strip()
        if card_text and not card_text.lstrip("#").isdigit():
            raise InvalidInput("card", "a card number like 12, or nothing", card_text)
        card = int(card_text.lstrip("#")) if card_text else None
        start = self.when("start")
        assert start is not None
        end = self.when("end", optional=True)
        project = self.field("project").strip() or None
        tags = [t for t in self.field("tags").split(",") if t.strip()]
        billable = self.query_one("#billable", Checkbox).value
        if self.entry is None:
            if end is None:
                raise InvalidInput("end", "an end time for a past entry (use t or T to start "
                                   "a running timer)")
            return self.store.add_entry(project, start, end, card=card, note=self.field("note"),
                                        tags=tags, billable=billable).message
        old = self.entry
        changes: dict[str, Any] = {}
        if project and project != old.project:
            changes["project"] = project
        if card != old.work_item_id:
            changes["card"] = card
        if start != old.start:
            changes["start"] = start
        if end != old.end:
            changes["end"] = end
        if self.field("note") != old.note:
            changes["note"] = self.field("note")
        if tuple(t.strip() for t in tags) != old.tags:
            changes["tags"] = tags
        if billable != old.billable:
            changes["billable"] = billable
        if not changes:
            return "nothing changed"
        return self.store.amend_entry(old.id, **changes).message


class SplitModal(FormModal):
    TITLE = "Split entry"
    SUBMIT = "Split"
    FIELDS = (("at", "Split at"),)

    def __init__(self, store: Store, clock: Clock, entry: Entry) -> None:
        super().__init__(store, clock, {"at": ""}, heading=_describe(entry, store.prefs.zone))
        self.entry = entry

    def submit(self) -> str:
        at = self.when("at")
        assert at is not None
        return self.store.split_entry(self.entry.id, at).message


class BreakModal(FormModal):
    TITLE = "Insert a break"
    SUBMIT = "Insert"
    FIELDS = (("start", "Break from"), ("end", "Break until"))

    def __init__(self, store: Store, clock: Clock, entry: Entry) -> None:
        super().__init__(store, clock, {}, heading=_describe(entry, store.prefs.zone))
        self.entry = entry

    def submit(self) -> str:
        start, end = self.when("start"), self.when("end")
        assert start is not None and end is not None
        return self.store.insert_break(self.entry.id, start, end).message


class VoidModal(FormModal):
    TITLE = "Void entry"
    SUBMIT = "Void"
    FIELDS = (("reason", "Reason"),)

    def __init__(self, store: Store, clock: Clock, entry: Entry) -> None:
        super().__init__(store, clock, {}, heading=_describe(entry, store.prefs.zone))
        self.entry = entry

    def submit(self) -> str:
        return self.store.void_entry(self.entry.id, self.field("reason")).message


class ForgottenModal(FormModal):
    """A timer left running past the limit: keep it, stop it at a time, or discard it."""

    TITLE = "A timer is still running"
    SUBMIT = "Stop at this time"
    FIELDS = (("at", "Stop at"),)
    BINDINGS = [Binding("escape", "keep", "Keep running", id="forgotten.keep"),
                Binding("ctrl+d", "discard", "Discard", id="forgotten.discard")]

    def __init__(self, store: Store, clock: Clock, entry: Entry,
                 default_stop: dt.datetime) -> None:
        zone = store.prefs.zone
        ran = hm(entry.seconds(clock.now()))
        super().__init__(store, clock, {"at": format_local(default_stop, zone)},
                         heading=f"{entry.project} has run for {ran}, since "
                                 f"{format_local(entry.start, zone)}")
        self.entry = entry

    def on_mount(self) -> None:
        buttons = self.query_one(".buttons", Horizontal)
        self.query_one("#cancel", Button).remove()
        buttons.mount(Button("Keep running", id="keep"), Button("Discard", id="discard",
                                                                variant="error"))

    def submit(self) -> str:
        at = self.when("at")
        assert at is not None
        return self.store.stop_timer(at, entry_id=self.entry.id).message

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss("kept the timer running")

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        try:
            message = self.store.void_entry(self.entry.id, "discarded forgotten timer").message
        except FccError as exc:  # NotFound and the like start with the field: "project: ..."
            named = str(exc).split(":", 1)[0]
            self.show_error(named if named in FIELD_OF else "", str(exc))
            return
        self.dismiss(message)


class PickerModal(ModalScreen["Pick | None"]):
    """Start on…: fuzzy search over projects and cards, most recently tracked first."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="modal.cancel"),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self, picks: list[Pick]) -> None:
        super().__init__(classes="form-modal")
        self.picks = picks

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Text("Start a timer on…", style="bold"), classes="dialog-title")
            yield Input(placeholder="type to search projects and cards", id="search")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.refill("")

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def refill(self, query: str) -> None:
        ranked = rank(self.picks, query)
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options([Option(_pick_prompt(p), id=str(i)) for i, p in ranked[:200]])
        if ranked:
            choices.highlighted = 0

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(choices.option_count - 1, current + step))

    @on(Input.Submitted, "#search")
    def _enter(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is not None and choices.option_count:
            option = choices.get_option_at_index(choices.highlighted)
            self.dismiss(self.picks[int(option.id or 0)])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.picks[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


def rank(picks: list[Pick], query: str) -> list[tuple[int, Pick]]:
    """Picks whose label holds the query's letters in order; tighter matches first, then the
    store's order (most recent first)."""
    q = "".join(query.lower().split())
    if not q:
        return list(enumerate(picks))
    scored = []
    for i, pick in enumerate(picks):
        score = _fuzzy(q, f"{pick.label} {pick.project or ''}".lower())
        if score is not None:
            scored.append((score, i, pick))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(i, pick) for _, i, pick in scored]


def _fuzzy(query: str, text: str) -> int | None:
    """Lower is better: a substring scores by where it starts; a subsequence by its spread."""
    at = text.find(query)
    if at >= 0:
        return at
    pos, first, last = 0, -1, -1
    for ch in query:
        pos = text.find(ch, pos)
        if pos < 0:
            return None
        first = pos if first < 0 else first
        last = pos
        pos += 1
    return 1000 + (last - first)


def _pick_prompt(pick: Pick) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("card    " if pick.kind == "card" else "project ", style="dim")
    text.append(one_line(pick.label, 80))
    if pick.project:
        text.append(" · " + one_line(pick.project, 60), style="dim")
    return text


def _describe(entry: Entry, zone: str) -> str:
    end = format_local(entry.end, zone, "%H:%M") if entry.end else "running"
    return f"entry {entry.id}: {entry.project} {format_local(entry.start, zone)}–{end}"

