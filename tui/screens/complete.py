"""A text field that completes names as the picker ranks them: a short list opens under it
while the user types; up/down move through it, Tab or Enter takes the highlighted name. An
exact name (or text the user did not touch) is left as it is, so the store still decides what
an ambiguous or unknown name means.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from fcc.store.names import name_key
from fcc.tui.screens.ranking import name_parts, rank_texts
from fcc.tui.text import one_line
from fcc.tui.widgets.textinput import TextInput

SHOWN = 6  # matches listed under the field


class Completions(OptionList, can_focus=False):
    """The list under a :class:`CompletingInput` (it never takes the focus from the field)."""


class CompletingInput(TextInput):
    BINDINGS = [
        Binding("down", "move(1)", "Next match", id="complete.next", show=False,
                tooltip="Highlight the next matching name"),
        Binding("up", "move(-1)", "Previous match", id="complete.previous", show=False,
                tooltip="Highlight the previous matching name"),
        Binding("tab", "accept", "Take match", id="complete.accept", show=False,
                tooltip="Take the highlighted name (else go to the next field)"),
    ]

    def __init__(self, value: str, *, names: Callable[[], list[str]], **kwargs: object) -> None:
        super().__init__(value, **kwargs)  # type: ignore[arg-type]
        self._names_of = names
        self._names: list[str] | None = None
        self.initial = value
        self._taken: str | None = None  # the text a completion wrote: no list until it changes
        self._matches: list[str] = []

    @property
    def names(self) -> list[str]:
        if self._names is None:
            self._names = self._names_of()
        return self._names

    @property
    def completions(self) -> Completions:
        return self.screen.query_one(f"#complete-{self.id}", Completions)

    @property
    def open(self) -> bool:
        return bool(self.completions.display and self.completions.option_count)

    def is_exact(self, text: str) -> bool:
        """``text`` names one of the names exactly (as the store compares names), in full or
        without its client: the store resolves it (or says it is ambiguous)."""
        key = name_key(text)  # the store's rule for "the same name"
        return any(key == name_key(n) or key in (name_key(p) for p in name_parts(n))
                   for n in self.names)

    @on(Input.Changed)
    def _refill(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        text = self.value
        shown = self.completions
        if text == self.initial or text == self._taken or not text.strip():
            shown.display = False
            return
        self._taken = None
        matches = self._matches = rank_texts(self.names, text)[:SHOWN]
        if not matches or (len(matches) == 1 and self.is_exact(text)):
            shown.display = False
            return
        shown.set_options([Option(Text(one_line(m, 80), no_wrap=True, overflow="ellipsis"),
                                  id=str(i)) for i, m in enumerate(matches)])
        shown.highlighted = 0
        shown.display = True

    def on_blur(self) -> None:
        self.completions.display = False

    def action_move(self, step: int) -> None:
        if not self.open:
            return
        shown = self.completions
        current = shown.highlighted or 0
        shown.highlighted = max(0, min(shown.option_count - 1, current + step))

    def action_accept(self) -> None:
        if not self.take():
            self.screen.focus_next()

    def take(self, index: int | None = None) -> bool:
        """Write the highlighted (or ``index``-th) match into the field; False if none is
        open. Text that already names one exactly is kept as typed."""
        if not self.open:
            return False
        shown = self.completions
        at = shown.highlighted if index is None else index
        if at is None:
            return False
        if index is None and self.is_exact(self.value):
            shown.display = False
            return True
        self._taken = self._matches[at]
        self.value = self._taken
        self.cursor_position = len(self.value)
        shown.display = False
        return True
