"""The form every dialog is built on: titled fields, Enter submits, Escape cancels, and the
store's error shown whole under the field it names.

A field the user did not touch is not sent to the store: each field remembers the text it was
pre-filled with and the exact value behind it (a time with its seconds), and :meth:`when`
hands that value back unchanged. What the user types is read with the command line's parsers
(``17:30``, ``yesterday 9:00``, ``-15m``, durations like ``1h30m``) in the entry's zone.

A form never holds the store: it is given what it shows (read before it opens), and
:meth:`FormModal.submit` reads the fields and returns the store call, which runs on the store's
thread (:mod:`fcc.tui.storework`); the form closes with its result, or shows the store's error
under the field it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

from fcc.store.errors import FccError, InvalidInput, UnknownName
from fcc.store.visible import visible
from fcc.store.when import WHEN_EXPECTED, format_local, parse_duration, parse_when
from fcc.tui.screens.complete import CompletingInput, Completions
from fcc.tui.storework import store_work
from fcc.tui.text import literal, one_line
from fcc.tui.widgets.textinput import TextInput

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock

ResultT = TypeVar("ResultT")
Job = Callable[["Store"], ResultT]  # a store call, run on the store's thread

# The store names its fields (``start``, ``end``, ``at``, ``note``, ...); a form names its
# inputs: the one table from one to the other (the command line has its own, to flags, in
# fcc.tui.cli.flags.FLAGS). The "--" names are what the store's parsers are told by the forms
# that share them with the command line (rates, rounding, budgets).
FIELD_OF = {"start": "start", "end": "end", "at": "at", "time": "start", "note": "note",
            "tag": "tags", "card": "project", "reason": "reason", "duration": "end",
            "project": "project", "entry": "", "--project": "project", "name": "name",
            "new name": "name", "client": "client", "currency": "currency",
            "hourly_rate": "rate", "--rate": "rate", "rounding": "rounding",
            "--rounding": "rounding", "budget_hours": "budget", "--budget": "budget",
            "email": "email"}

PLACEHOLDERS = {
    "project": "type to search: NAME or CLIENT/NAME", "card": "a card number, or empty",
    "start": "17:30, yesterday 9:00, -15m", "end": "17:30, -5m, or a duration: 1h30m",
    "at": "17:30, yesterday 18:00, -10m", "tags": "dev, urgent (or: dev urgent)",
    "reason": "kept in the history", "note": "optional", "client": "type to search, or empty",
    "currency": "EUR, USD…", "rate": "per hour, e.g. 95 or 87.50",
    "rounding": "none, 15:up, 6:nearest:day (empty: inherit)", "budget": "hours, e.g. 40",
}

WHEN_OR_LENGTH = WHEN_EXPECTED + ", or a duration like 1h30m"


class FormModal(ModalScreen[ResultT]):
    """A titled form: Enter (or the first button) submits, Tab moves on, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="modal.cancel",
                        tooltip="Close the dialog without saving")]
    AUTO_FOCUS = "Input"
    TITLE = ""
    SUBMIT = "Save"
    FIELDS: tuple[tuple[str, str], ...] = ()  # (name, label)
    COMPLETE: tuple[str, ...] = ()  # fields that complete names: "project" or "client"
    HINTS: dict[str, str] = {}  # placeholders of this form's own (else PLACEHOLDERS)

    def __init__(self, clock: Clock, values: dict[str, str] | None = None, *,
                 heading: str = "", exact: dict[str, Any] | None = None, zone: str = "UTC",
                 names: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(classes="form-modal")
        self.clock = clock
        self.values = values or {}  # the text each field starts with
        self.exact = exact or {}  # the value behind a pre-filled text, kept when untouched
        self.zone = zone  # the zone typed times are read in
        self.names = dict(names or {})  # what completing fields offer, read before opening
        self.heading = heading
        self.form_title = self.TITLE
        self.saving = False  # a store call is on its way: Enter again does not send it twice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(one_line(self.form_title), style="bold"), classes="dialog-title")
            if self.heading:
                yield Static(literal(self.heading, limit=200), classes="dialog-heading")
            with VerticalScroll(classes="fields", can_focus=False):
                yield from self.compose_fields()
            yield Label("", id="error-form", classes="error")
            with Horizontal(classes="buttons"):
                yield from self.compose_buttons()

    def compose_buttons(self) -> ComposeResult:
        yield Button(self.SUBMIT, variant="primary", id="submit")
        yield Button("Cancel", id="cancel")

    def compose_fields(self) -> ComposeResult:
        for name, label in self.FIELDS:
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field-label")
                yield self.make_input(name)
            if name in self.COMPLETE:
                yield Completions(id=f"complete-field-{name}", classes="completions")
            yield Label("", id=f"error-{name}", classes="error")

    def make_input(self, name: str) -> Input:
        value = self.shown(name)
        hint = self.HINTS.get(name, PLACEHOLDERS.get(name, ""))
        if name in self.COMPLETE:
            return CompletingInput(value, names=self.names_for(name), id=f"field-{name}",
                                   placeholder=hint, select_on_focus=False)
        return TextInput(value, id=f"field-{name}", placeholder=hint, select_on_focus=False)

    def names_for(self, name: str) -> Callable[[], list[str]]:
        """What a completing field offers (client or project names, given when opened)."""
        return lambda: list(self.names.get(name, ()))

    # --- reading fields (for subclasses) -------------------------------------------------------

    def field(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def shown(self, name: str) -> str:
        """The text a field starts with: its value with control characters shown (visible());
        a field left as it was is untouched, so its exact value is what is kept."""
        return visible(self.values.get(name, ""))

    def touched(self, name: str) -> bool:
        """The user changed this field's text (pre-filled text left as it was: untouched)."""
        return self.field(name) != self.shown(name)

    def when(self, name: str, *, optional: bool = False,
             expected: str = WHEN_EXPECTED) -> dt.datetime | None:
        """The instant a time field names: its exact pre-filled value when untouched."""
        if not self.touched(name) and name in self.exact:
            value: dt.datetime | None = self.exact[name]
            return value
        text = self.field(name).strip()
        if not text:
            if optional:
                return None
            raise InvalidInput(name, expected)
        return parse_when(text, now=self.clock.now(), zone=self.zone, field=name)

    def until(self, name: str, start: dt.datetime, *, optional: bool = False
              ) -> dt.datetime | None:
        """An end: a time as :meth:`when` reads it, or a duration after ``start``."""
        try:
            return self.when(name, optional=optional, expected=WHEN_OR_LENGTH)
        except InvalidInput as when_error:
            text = self.field(name).strip()
            if not text:
                raise
            try:
                return start + parse_duration(text, field=name)
            except InvalidInput:
                if when_error.expected != WHEN_EXPECTED:  # e.g. a time skipped by DST
                    raise when_error from None
                raise InvalidInput(name, WHEN_OR_LENGTH, text) from None

    def length(self, name: str) -> dt.timedelta:
        return parse_duration(self.field(name), field=name)

    def submit(self) -> Job[ResultT]:
        """Read the fields (an InvalidInput names the one that is wrong) and return the store
        call that saves them."""
        raise NotImplementedError

    # --- events -------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter submits from any field (Tab moves between them); in a field whose list of
        names is open, it takes the highlighted name (the next Enter submits)."""
        event.stop()
        field = event.input
        if isinstance(field, CompletingInput) and field.open and not field.is_exact(field.value):
            field.take()
            return
        self.action_submit()

    @on(OptionList.OptionSelected, ".completions")
    def _clicked_completion(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = (event.option_list.id or "").removeprefix("complete-")
        self.query_one(f"#{name}", CompletingInput).take(event.option_index)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        if self.saving:
            return
        for field in self.query(CompletingInput):
            field.take()
        for label in self.query(".error").results(Label):
            label.update("")
            label.display = False
        try:
            job = self.submit()
        except FccError as exc:
            self.show_fcc_error(exc)
            return
        self.save(job, self.dismiss)

    def save(self, job: Job[Any], done: Callable[[Any], object]) -> None:
        """Run ``job`` on the store's thread; ``done`` with its result, else its error shown
        under the field it names."""
        def failed(exc: FccError) -> None:
            self.saving = False
            self.show_fcc_error(exc)

        self.saving = True
        store_work(self).run(self, job, done, group="form", failed=failed)

    def show_fcc_error(self, exc: FccError) -> None:
        """The one place an error meets the form's fields: an InvalidInput names its field
        (the store's name or the command line's option, mapped by FIELD_OF); NotFound and the
        like start with it ("project: ...")."""
        if isinstance(exc, InvalidInput):
            self.show_error(exc.field, str(exc))
            return
        named = str(exc).split(":", 1)[0]
        message = str(exc)
        if isinstance(exc, UnknownName) and named == "project":
            message += " (a new one: New project… in the palette, ctrl+p)"
        self.show_error(named if named in FIELD_OF else "", message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, field: str, message: str) -> None:
        """The whole message, wrapped, under the field it names (else under the form)."""
        name = FIELD_OF.get(field, field)
        target = self.query(f"#error-{name}") if name else None
        label = target.first(Label) if target else self.query_one("#error-form", Label)
        label.update(Text(one_line(message, limit=2000)))
        label.display = True
        if name and self.query(f"#field-{name}"):
            self.query_one(f"#field-{name}", Input).focus()


def shown_time(instant: dt.datetime, zone: str) -> str:
    """A time as a field shows it: with its seconds when it has any, so nothing is hidden."""
    fmt = "%Y-%m-%d %H:%M:%S" if instant.second else "%Y-%m-%d %H:%M"
    return format_local(instant, zone, fmt)


def split_tags(text: str) -> list[str]:
    """Tags typed as the command line's --tag takes them: comma-separated, or (with no comma)
    separated by spaces."""
    parts = text.split(",") if "," in text else text.split()
    return [p.strip() for p in parts if p.strip()]
