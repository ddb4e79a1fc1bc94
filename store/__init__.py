"""fcc's store: the only code that talks to the database. Never imports Textual."""

from fcc.store.clock import Clock, FrozenClock, SystemClock
from fcc.store.errors import FccError

__all__ = ["Clock", "FrozenClock", "SystemClock", "FccError"]
