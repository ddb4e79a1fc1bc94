"""The History pane (``6``): who changed what when, before → after, and undo of the latest
batch. Mounted when first shown (:mod:`fcc.tui.screens.lazy_panes`).

The pane class is the main screen's contract (``load``, ``focus_pane``); what it shows is
h-history's part of issue 15 (``store.history(...)``): until then it says where the history
is read today.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


class HistoryPane(Vertical, can_focus=True):
    """The activity log, newest first."""

    def compose(self) -> ComposeResult:
        yield Static(Text(" History", style="bold"), id="history-head")

    def load(self, *, force: bool = False) -> None:
        """Read the history when the store changed (always: ``force``)."""

    def focus_pane(self) -> None:
        self.focus()
