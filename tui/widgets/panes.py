"""The pane bar."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

PANES = (("boards", "Boards"), ("timers", "Timers"), ("plan", "Plan"), ("reports", "Reports"),
         ("invoices", "Invoices"), ("history", "History"))


class PaneBar(Static):
    """``1 Boards  2 Timers  3 Plan  4 Reports  5 Invoices  6 History`` with the current one
    marked."""

    current: reactive[str] = reactive("timers")
    keys: reactive[dict[str, str]] = reactive(dict)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, (name, title) in enumerate(PANES, 1):
            key = self.keys.get(name, str(i))
            style = "reverse bold" if name == self.current else ""
            out.append(f" {key} {title} ", style=style)
            out.append(" ")
        return out
