"""How a pane reads what it shows: on the store's thread, only when the store changed since its
last read (one indexed query tells), one read at a time — a read asked for while one is on its
way follows it — and read again at once when what the pane shows (a week, a filter) changed
while the read was on its way. The Plan and Invoices panes read through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from textual.widget import Widget

from fcc.tui.storework import store_work
from fcc.tui.widgets.keybar import shown_key

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.errors import FccError


class Counted(Protocol):
    @property
    def counter(self) -> int: ...  # the store's change counter when it was read


DataT = TypeVar("DataT", bound=Counted)
KeyT = TypeVar("KeyT")


class PaneReads(Generic[DataT, KeyT]):
    """``read(store, key)`` for ``node``, shown by ``show(data)``. ``key()`` is what the pane
    shows now (a read made for another key is dropped and made again); ``seen()`` the change
    counter of what it shows (-1: nothing yet)."""

    def __init__(self, node: Widget, *, group: str, key: Callable[[], KeyT],
                 seen: Callable[[], int], read: Callable[[Store, KeyT], DataT],
                 show: Callable[[DataT], None]) -> None:
        self.node = node
        self.group = group
        self.key = key
        self.seen = seen
        self.read = read
        self.show = show
        self.loading = False
        self._again = False
        self._again_force = False

    def load(self, *, force: bool = False) -> None:
        """Read when the store changed since the last read (always: ``force``)."""
        if self.loading:
            self._again = True
            self._again_force = self._again_force or force
            return
        self.loading = True
        key, seen = self.key(), (-1 if force else self.seen())

        def read(store: Store) -> DataT | None:
            if seen >= 0 and store.change_counter() == seen:
                return None
            return self.read(store, key)

        def got(data: DataT | None) -> None:
            self.loading = False
            if not self.node.is_attached:  # the app is closing
                return
            moved = key != self.key()
            if data is not None and not moved:
                self.show(data)
            self._next(moved)

        def failed(exc: FccError) -> None:
            self.loading = False
            self.node.app.store_failed(exc)  # type: ignore[attr-defined]
            self._next(key != self.key())

        store_work(self.node).run(self.node, read, got, group=self.group, failed=failed)

    def _next(self, moved: bool) -> None:
        if self._again or moved:
            force = self._again_force or moved
            self._again = self._again_force = False
            self.load(force=force)


class ReadingPane(Widget):
    """A pane that reads through :class:`PaneReads`: what its dialogs come back to, and its
    keys as shown in its hints."""

    def load(self, *, force: bool = False) -> None:
        raise NotImplementedError

    def saved(self, message: str | None) -> None:
        """A form saved (its message) or was cancelled (None)."""
        if message is None:
            return
        self.notify(message, markup=False, timeout=4)
        self.load(force=True)

    def _key(self, binding_id: str, default: str) -> str:
        """The first key of a binding as the key bar shows it, with the user's key map."""
        return shown_key(self, binding_id, default)
