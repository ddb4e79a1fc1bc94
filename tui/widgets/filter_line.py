"""The Boards pane's filter line: Enter applies what is typed, Escape clears the filter.
Mounted on the first ``/`` (the first frame does not wait for an input field)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from fcc.tui.widgets.textinput import TextInput


class FilterLine(TextInput):
    BINDINGS = [Binding("escape", "clear", "Clear filter", id="boards.filter_clear",
                        tooltip="No filter: every card again")]

    class Cleared(Message):
        """Escape: the user wants every card again."""

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())
