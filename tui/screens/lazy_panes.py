"""The panes mounted when first shown (Invoices, History): their module is imported then too,
so a start that never shows them pays for neither.

Each is a widget with ``load(force=False)`` (read what it shows on the store's thread; the
main screen calls it when the pane is shown and, while shown, when the store changed) and
``focus_pane()`` (the focus goes to its list).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.widget import Widget

# pane name -> (module, class)
LAZY_PANES = {"invoices": ("fcc.tui.screens.invoices", "InvoicesPane"),
              "history": ("fcc.tui.screens.history", "HistoryPane")}


class LazyPane(Protocol):
    def load(self, *, force: bool = False) -> None: ...

    def focus_pane(self) -> None: ...


def make_pane(name: str) -> Widget:
    """A new pane ``name`` (its id is the name: the pane switcher shows it by id)."""
    module, cls = LAZY_PANES[name]
    pane: Widget = getattr(import_module(module), cls)(id=name)
    return pane
