"""An Input whose text never holds a control character: what is pasted (or inserted by code)
goes through :func:`fcc.store.visible.visible` first, so a pasted ``\\x1b]0;…`` is shown as
``␛]0;…`` in the field, and is what the field's value then says (typed keys cannot be
control characters: Textual inserts printable characters only)."""

from __future__ import annotations

from textual.widgets import Input

from fcc.store.visible import visible


class TextInput(Input):
    def replace(self, text: str, start: int, end: int) -> None:
        """Every insertion (typing, paste, ``insert``) comes through here."""
        super().replace(visible(text), start, end)
