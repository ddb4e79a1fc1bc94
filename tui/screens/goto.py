"""``g``: go to a day in the entry list. Accepts what the command line accepts for a day
(``2026-11-02``, ``monday``, ``yesterday``, ``today``) and ``-3d`` / ``3 days ago``."""

from __future__ import annotations

import datetime as dt
import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from fcc.store.errors import InvalidInput
from fcc.store.when import local_date, parse_when
from fcc.tui.text import one_line
from fcc.tui.widgets.textinput import TextInput

EXPECTED = "a day like 2026-11-02, monday, yesterday or -3d, up to today"
AGO = re.compile(r"^-?\s*(\d{1,4})\s*d(?:ays?)?(?:\s+ago)?$")


def parse_day(text: str, now: dt.datetime, zone: str) -> dt.date:
    """The local day ``text`` names; raises InvalidInput (field ``day``)."""
    raw = text.strip().lower()
    today = local_date(now, zone)
    if not raw:
        raise InvalidInput("day", EXPECTED)
    ago = AGO.match(raw)
    if ago:
        return today - dt.timedelta(days=int(ago.group(1)))
    try:
        day = local_date(parse_when(raw, now=now, zone=zone, field="day"), zone)
    except InvalidInput:
        raise InvalidInput("day", EXPECTED, text.strip()) from None
    if day > today:
        raise InvalidInput("day", EXPECTED, text.strip())
    return day


class GoToModal(ModalScreen[dt.date | None]):
    """Asks for a day; dismisses with it (the main screen loads what it needs)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="modal.cancel")]
    AUTO_FOCUS = "Input"

    def __init__(self, now: dt.datetime, zone: str) -> None:
        super().__init__(classes="form-modal")
        self.now = now
        self.zone = zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Go to day", style="bold"), classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Static("Day", classes="field-label")
                yield TextInput(placeholder="2026-11-02, monday, -30d", id="field-day")
            yield Static("", id="error-day", classes="error")
            yield Static(Text("Enter goes there · Esc closes", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#error-day", Static)
        try:
            day = parse_day(event.value, self.now, self.zone)
        except InvalidInput as exc:
            error.update(Text(one_line(str(exc), limit=2000)))
            error.display = True
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
