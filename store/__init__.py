"""fcc's store: the only code that talks to the database. Never imports Textual.

Names are loaded on first use, so ``fcc status``'s quick path pays only for what it needs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs fcc status ~5 ms
if TYPE_CHECKING:
    from fcc.store.clock import Clock, FrozenClock, SystemClock
    from fcc.store.errors import FccError

__all__ = ["Clock", "FrozenClock", "SystemClock", "FccError"]


def __getattr__(name: str) -> object:
    if name in ("Clock", "FrozenClock", "SystemClock"):
        from fcc.store import clock

        return getattr(clock, name)
    if name == "FccError":
        from fcc.store.errors import FccError

        return FccError
    raise AttributeError(name)
