"""The only place fcc reads the wall clock.

Everything that needs "now" takes a :class:`Clock`, so tests and snapshots run on a
:class:`FrozenClock` and nothing else calls ``datetime.now()``.
"""

from __future__ import annotations

import datetime as dt

UTC = dt.UTC
TYPE_CHECKING = False  # typing's is not imported: fcc status loads this module (~6 ms saved)

if TYPE_CHECKING:
    from typing import Protocol

    class Clock(Protocol):
        def now(self) -> dt.datetime:
            """The current instant as an aware datetime in UTC."""
            ...
else:

    class Clock:
        """At run time only a name: a clock is anything with ``now()`` returning an aware
        UTC datetime (the Protocol above is what the type checker sees)."""


class SystemClock:
    """The real clock, truncated to whole seconds (fcc stores seconds)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC).replace(microsecond=0)

    def __repr__(self) -> str:
        return "SystemClock()"


class FrozenClock:
    """A clock that only moves when told to; thread-safe so workers can read it."""

    def __init__(self, at: dt.datetime | str) -> None:
        import threading

        self._lock = threading.Lock()
        self._now = _as_utc(at)

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, at: dt.datetime | str) -> None:
        with self._lock:
            self._now = _as_utc(at)

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        step = delta if delta is not None else dt.timedelta(**kwargs)
        with self._lock:
            self._now = self._now + step
            return self._now

    def __repr__(self) -> str:
        return f"FrozenClock({self._now.isoformat()!r})"


def _as_utc(at: dt.datetime | str) -> dt.datetime:
    value = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
    if value.tzinfo is None:
        raise ValueError("FrozenClock needs an aware datetime (with a UTC offset)")
    return value.astimezone(UTC).replace(microsecond=0)
