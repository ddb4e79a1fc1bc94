"""The one range of valid instants and durations, for every way in.

An instant fcc accepts lies between 1970-01-01 00:00:00 UTC and 9999-12-31 23:59:59 UTC:
the command line's times (``--at``, ``--from``, ``--to``), the app's dialogs (through the
store's verbs) and every import. A span an entry is given (``fcc add``, ``fcc amend``, the
dialogs, every import) is shorter than 1000 hours, the cap ``--duration`` has always had. Only a
running timer may grow past it: stopping a timer forgotten for weeks is never refused (the
``forgotten_after_hours`` warning is there for that; amend it afterwards).

Every instant fcc writes out as text goes through :func:`iso_z`: four-digit years always
(``time.strftime("%Y")`` writes year 1 as ``1``), so ``fcc import csv`` reads it back.
Standard library only: the command line's fast path parses times with ``when``.
"""

from __future__ import annotations

import datetime as dt

from fcc.store.errors import InvalidInput

UTC = dt.UTC
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=UTC)
LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
MAX_SPAN_SECONDS = 1000 * 3600  # exclusive: entries and --duration are shorter
INSTANT_EXPECTED = "a time between 1970-01-01 and 9999-12-31 (UTC)"
SPAN_EXPECTED = "an entry shorter than 1000 hours"


def in_range(instant: dt.datetime) -> bool:
    """Whether an aware ``instant`` lies in the valid range."""
    return EARLIEST <= instant <= LATEST


def check_instant(instant: dt.datetime, field: str, shown: object = None) -> dt.datetime:
    """``instant`` (aware) when it lies in the valid range; else :class:`InvalidInput`."""
    if not in_range(instant):
        raise InvalidInput(field, INSTANT_EXPECTED, iso_z(instant) if shown is None else shown)
    return instant


def check_epoch(seconds: int, field: str) -> int:
    """Epoch seconds in the valid range (imports read these)."""
    if not int(EARLIEST.timestamp()) <= seconds <= int(LATEST.timestamp()):
        raise InvalidInput(field, INSTANT_EXPECTED, seconds)
    return seconds


def check_span(start: dt.datetime, end: dt.datetime | None, field: str = "end") -> None:
    """A finished entry shorter than :data:`MAX_SPAN_SECONDS`."""
    if end is not None and (end - start).total_seconds() >= MAX_SPAN_SECONDS:
        hours = (end - start).total_seconds() / 3600
        raise InvalidInput(field, SPAN_EXPECTED, f"{hours:,.0f} hours")


def utc_at(epoch: float) -> dt.datetime:
    """Epoch seconds (whole seconds: the database's instants) as an aware UTC datetime."""
    return dt.datetime.fromtimestamp(int(epoch), UTC)


def utc_from_epoch(value: object) -> dt.datetime | None:
    """Epoch seconds as the database stores an instant (None: no instant) as an aware UTC
    datetime; a datetime (a column peewee already converted) is returned as it is."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return utc_at(value)  # type: ignore[arg-type]


def iso_z(instant: dt.datetime) -> str:
    """``2026-11-20T13:00:00Z``: ISO 8601 in UTC, whole seconds, a four-digit year."""
    t = instant.astimezone(UTC) if instant.tzinfo is not None else instant
    return (f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:"
            f"{t.second:02d}Z")


def iso_z_epoch(seconds: int) -> str:
    """:func:`iso_z` of epoch seconds (the database's form)."""
    return iso_z(dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=seconds))
