"""Times and durations as people type them, and the calendar in the user's zone.

Pure standard library (no peewee, click, pydantic or textual): the ``fcc`` command line
imports this on its fast path. Nothing here reads the wall clock -- "now" is always passed in.

Every instant this module returns is an aware ``datetime`` in UTC, truncated to whole seconds.
Wall times are interpreted in an IANA zone (``"Europe/Berlin"``) with these rules:

* A wall time that does not exist (the hour skipped when clocks jump forward, e.g.
  2026-03-29 02:30 in Europe/Berlin) is refused with :class:`InvalidInput`.
* A wall time that happens twice (the hour repeated when clocks fall back, e.g.
  2026-10-25 02:30 in Europe/Berlin) means its **first** occurrence (``fold=0``, i.e. still
  on summer time).
* A local day starts at local midnight; where midnight does not exist (zones that jump
  forward at 00:00) it starts at the first instant after it, and where midnight happens twice
  at the first one. Days are 23 or 25 hours long on DST changes, and ranges reflect that.

Naive datetimes handed to the functions that take instants are taken to be UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fcc.store.errors import InvalidInput
from fcc.store.limits import INSTANT_EXPECTED, MAX_SPAN_SECONDS, in_range
from fcc.store.prefs import WEEKDAYS, zone_info
from fcc.store.zones import first_instant

__all__ = [
    "parse_when",
    "parse_duration",
    "local_date",
    "day_start",
    "period",
    "days_between",
    "format_duration",
    "format_local",
    "WHEN_EXPECTED",
    "DURATION_EXPECTED",
    "PERIODS",
]

UTC = dt.UTC

WHEN_EXPECTED = (
    "a time like 17:30, 'yesterday 9:00', '2026-11-20 14:00', an ISO 8601 instant or -15m"
)
DURATION_EXPECTED = "a duration between 1s and 1000h like 1h30m, 90m or 1.5h"
PERIODS = ("day", "today", "week", "month", "year")
MAX_DURATION_SECONDS = MAX_SPAN_SECONDS  # exclusive (store/limits.py: one range for all)

# --- grammar ------------------------------------------------------------------------------------
# Pattern strings, matched with re.match: re compiles and caches each on first use, so importing
# this module (the CLI's fast path) compiles none of them.

# 17:30, 9:05:30 (24-hour clock) or 9am, 5:30pm, 12:15 a.m. (12-hour clock)
_TIME = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
)
_TIME_RE = rf"^{_TIME}$"
_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_LOCAL_DATE_RE = rf"^{_DATE}(?:(?:\s+|t)(?P<time>.+))?$"
_INSTANT_RE = (
    rf"^{_DATE}[t\s]+(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})"
    r"(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<offset>z|[+-]\d{2}(?::?\d{2})?)$"
)
_DAY_RE = r"^(?P<day>[a-z]+)(?:\s+(?P<time>.+))?$"

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_UNIT_NAMES = {
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "m": ("m", "min", "mins", "minute", "minutes"),
    "s": ("s", "sec", "secs", "second", "seconds"),
}
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"


def _unit_group(key: str) -> str:
    names = "|".join(sorted(_UNIT_NAMES[key], key=len, reverse=True))
    return rf"(?:(?P<{key}>{_NUMBER})\s*(?:{names}))?"


# 1h30m, 1h 30m, 90m, 1.5h, 45s, 2 hours 5 min (at least one part; checked in code)
_UNITS_RE = (
    r"^" + _unit_group("h") + r"\s*" + _unit_group("m") + r"\s*" + _unit_group("s") + r"$"
)
_CLOCK_DURATION_RE = r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$"
_RELATIVE_RE = r"^(?P<sign>[+-])\s*(?P<amount>.+)$"
_AGO_RE = r"^(?P<amount>.+?)\s+ago$"


# --- parsing instants ---------------------------------------------------------------------------


def parse_when(text: str, *, now: dt.datetime, zone: str, field: str = "--at") -> dt.datetime:
    """The instant ``text`` names, as an aware UTC datetime truncated to whole seconds.

    Accepted (case-insensitive, surrounding spaces ignored), with wall times read in ``zone``:

    * ``17:30``, ``9:00``, ``9:05:30``, ``9am``, ``5:30pm`` -- that wall time **today** (the
      local date of ``now`` in ``zone``), even if it lies in the future; the caller decides
      what a future time means.
    * ``today``, ``yesterday``, ``tomorrow``, optionally followed by a time
      (``yesterday 9:00``); the day alone means the local midnight starting it.
    * a weekday, full or abbreviated (``monday 9:00``, ``fri``): the most recent such day
      **on or before today** -- so on a Monday, ``monday`` is today and ``sunday`` yesterday,
      never a day in the future.
    * a local date and time: ``2026-11-20 14:00``, ``2026-11-20T14:00``,
      ``2026-11-20 14:00:05``, ``2026-11-20`` (its local midnight).
    * an ISO 8601 instant with ``Z`` or an offset (``2026-11-20T14:00:00+01:00``,
      ``2026-11-20T13:00Z``): that instant, whatever ``zone`` is.
    * relative to now: ``now``, ``-15m``, ``-1h30m``, ``-90s``, ``+10m``, ``15m ago``.

    A wall time skipped by a DST change is refused; one that happens twice means the first
    occurrence (see the module docstring). Anything else raises :class:`InvalidInput` naming
    ``field``.
    """
    now = _as_utc(now).replace(microsecond=0)
    tz = zone_info(zone)
    low = " ".join(str(text).split()).lower()
    if not low:
        raise InvalidInput(field, WHEN_EXPECTED, text)
    try:
        result = _parse_when(low, text, now, tz, zone, field)
        if result is not None:
            result = result.astimezone(UTC).replace(microsecond=0)
        if result is not None and in_range(result):
            return result
        if result is not None:  # a time, but outside the range fcc accepts anywhere
            raise InvalidInput(field, INSTANT_EXPECTED, text)
    except (ValueError, OverflowError) as exc:
        # out-of-range fields (2026-13-01, 25:00) or results beyond datetime's range
        year = re.match(r"^(\d{4})-", low)
        if isinstance(exc, OverflowError) or (year and not 1970 <= int(year[1]) <= 9999):
            raise InvalidInput(field, INSTANT_EXPECTED, text) from None
    raise InvalidInput(field, WHEN_EXPECTED, text)


def _parse_when(
    low: str, text: str, now: dt.datetime, tz: dt.tzinfo, zone: str, field: str
) -> dt.datetime | None:
    if low == "now":
        return now

    # relative: -15m, +10m, 15m ago
    rel = re.match(_RELATIVE_RE, low)
    if rel:
        seconds = _duration_seconds(rel["amount"], clock=False)
        if seconds is None:
            return None
        delta = dt.timedelta(seconds=seconds)
        return now - delta if rel["sign"] == "-" else now + delta
    ago = re.match(_AGO_RE, low)
    if ago:
        seconds = _duration_seconds(ago["amount"], clock=False)
        if seconds is None:
            return None
        return now - dt.timedelta(seconds=seconds)

    # ISO 8601 instant with an offset
    inst = re.match(_INSTANT_RE, low)
    if inst:
        return dt.datetime(
            int(inst["year"]), int(inst["month"]), int(inst["day"]),
            int(inst["hour"]), int(inst["minute"]), int(inst["second"] or 0),
            tzinfo=_offset(inst["offset"]),
        )

    # local date, optionally with a time
    loc = re.match(_LOCAL_DATE_RE, low)
    if loc:
        day = dt.date(int(loc["year"]), int(loc["month"]), int(loc["day"]))
        return _at(day, loc["time"], tz, zone, field, text)

    # a bare time today
    today = now.astimezone(tz).date()
    if re.match(_TIME_RE, low):
        return _at(today, low, tz, zone, field, text)

    # today / yesterday / tomorrow / weekday, optionally with a time
    word = re.match(_DAY_RE, low)
    if word:
        day_of = _day_word(word["day"], today)
        if day_of is None:
            return None
        return _at(day_of, word["time"], tz, zone, field, text)
    return None


def _day_word(word: str, today: dt.date) -> dt.date | None:
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}.get(word)
    if shift is not None:
        return today + dt.timedelta(days=shift)
    for index, name in enumerate(WEEKDAYS):
        if word in (name, name[:3]):
            # the most recent such weekday on or before today
            return today - dt.timedelta(days=(today.weekday() - index) % 7)
    return None


def _at(
    day: dt.date, time_text: str | None, tz: dt.tzinfo, zone: str, field: str, text: str
) -> dt.datetime | None:
    """``day`` at ``time_text`` (or its start when None) in ``tz``, as UTC."""
    if time_text is None:
        return first_instant(day, tz)
    hms = _clock(time_text)
    if hms is None:
        return None
    wall = dt.datetime(day.year, day.month, day.day, *hms, tzinfo=tz)  # fold=0: first occurrence
    instant = wall.astimezone(UTC)
    back = instant.astimezone(tz)
    if back.replace(tzinfo=None) != wall.replace(tzinfo=None):
        raise InvalidInput(
            field,
            f"a time that exists in {zone}, e.g. '{back:%Y-%m-%d %H:%M}'; "
            f"{wall:%Y-%m-%d %H:%M} does not exist in {zone} (clocks jump forward)",
            text,
        )
    return instant


def _clock(text: str) -> tuple[int, int, int] | None:
    """(hour, minute, second) of a 24-hour or am/pm time, or None; ValueError when out of range."""
    m = re.match(_TIME_RE, text.strip())
    if not m:
        return None
    hour, minute, second = int(m["hour"]), int(m["minute"] or 0), int(m["second"] or 0)
    ampm = m["ampm"]
    if ampm is None:
        if m["minute"] is None:  # a bare number like "9" is not a time
            return None
    else:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("time out of range")
    return hour, minute, second


def _offset(text: str) -> dt.tzinfo:
    if text == "z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if minutes > 59:
        raise ValueError("offset minutes")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))  # ValueError >= 24h


# --- durations ----------------------------------------------------------------------------------


def parse_duration(text: str, *, field: str = "--duration") -> dt.timedelta:
    """A positive duration under 1000 hours, in whole seconds (rounded half up).

    Accepts ``1h30m``, ``1h 30m``, ``90m``, ``1.5h``, ``0.25h``, ``45s``, ``2h``, ``1:30``
    (hours:minutes, optionally ``:ss``); unit words like ``min`` or ``hours`` work too.
    A bare number is refused: it is unclear whether it means minutes or hours.
    """
    low = " ".join(str(text).split()).lower()
    seconds = _duration_seconds(low, clock=True)
    if seconds is None or not 0 < seconds < MAX_DURATION_SECONDS:
        raise InvalidInput(field, DURATION_EXPECTED, text)
    return dt.timedelta(seconds=seconds)


def _duration_seconds(text: str, *, clock: bool) -> int | None:
    """Whole seconds in ``1h30m`` / ``1.5h`` (and ``1:30`` when ``clock``), or None."""
    text = text.strip()
    if clock:
        m = re.match(_CLOCK_DURATION_RE, text)
        if m:
            return int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"] or 0)
    m = re.match(_UNITS_RE, text)
    if not m or all(m[key] is None for key in _UNIT_SECONDS):
        return None
    total = Decimal(0)
    for key, unit in _UNIT_SECONDS.items():
        if m[key] is not None:
            try:
                total += Decimal(m[key]) * unit
            except InvalidOperation:  # pragma: no cover - the regex only lets numbers through
                return None
    return int(total.to_integral_value(rounding=ROUND_HALF_UP))


# --- the calendar -------------------------------------------------------------------------------


def local_date(instant: dt.datetime, zone: str) -> dt.date:
    """The calendar date of ``instant`` (UTC; naive is taken as UTC) in ``zone``."""
    return _as_utc(instant).astimezone(zone_info(zone)).date()


def day_start(day: dt.date, zone: str) -> dt.datetime:
    """The UTC instant of the local midnight starting ``day`` in ``zone``.

    If midnight happens twice, the first; if it does not exist (the zone jumps forward at
    00:00), the first instant after it -- i.e. the moment of the jump.
    """
    return first_instant(day, zone_info(zone))


def period(
    kind: str,
    *,
    now: dt.datetime,
    zone: str,
    week_start: int = 0,
    offset: int = 0,
) -> tuple[dt.datetime, dt.datetime]:
    """The half-open UTC range ``[start, end)`` of the local day/week/month/year holding ``now``.

    ``kind`` is ``day`` (or ``today``), ``week``, ``month`` or ``year``; ``week_start`` is
    0 = Monday ... 6 = Sunday; ``offset`` moves whole periods (-1 = yesterday, last week,
    last month, last year). Ranges run from local midnight to local midnight, so they are an
    hour shorter or longer across DST changes.
    """
    if kind not in PERIODS:
        raise InvalidInput("period", "one of " + ", ".join(PERIODS) + ", e.g. week", kind)
    if not isinstance(week_start, int) or not 0 <= week_start <= 6:
        raise InvalidInput("week_start", "a weekday number 0 (Monday) to 6 (Sunday), e.g. 0",
                           week_start)
    tz = zone_info(zone)
    today = _as_utc(now).astimezone(tz).date()
    first: dt.date
    after: dt.date
    if kind in ("day", "today"):
        first = today + dt.timedelta(days=offset)
        after = first + dt.timedelta(days=1)
    elif kind == "week":
        first = today - dt.timedelta(days=(today.weekday() - week_start) % 7 - 7 * offset)
        after = first + dt.timedelta(days=7)
    elif kind == "month":
        index = today.year * 12 + (today.month - 1) + offset
        first = dt.date(index // 12, index % 12 + 1, 1)
        index += 1
        after = dt.date(index // 12, index % 12 + 1, 1)
    else:
        first = dt.date(today.year + offset, 1, 1)
        after = dt.date(today.year + offset + 1, 1, 1)
    return first_instant(first, tz), first_instant(after, tz)


def days_between(
    start: dt.datetime, end: dt.datetime, zone: str
) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """Every local day overlapping ``[start, end)``, as ``(date, day_start, next_day_start)``.

    The bounds are whole local days in UTC (not clipped to ``start``/``end``). Empty when
    ``end <= start``. A date a zone skipped entirely (Pacific/Apia, 2011-12-30) is left out.
    """
    tz = zone_info(zone)
    start, end = _as_utc(start), _as_utc(end)
    days: list[tuple[dt.date, dt.datetime, dt.datetime]] = []
    if end <= start:
        return days
    day = start.astimezone(tz).date()
    begin = first_instant(day, tz)
    one = dt.timedelta(days=1)
    while begin < end:
        following = day + one
        after = first_instant(following, tz)
        if after > begin and after > start:
            days.append((day, begin, after))
        day, begin = following, after
    return days


# --- formatting ---------------------------------------------------------------------------------


def format_duration(seconds: int) -> str:
    """``H:MM`` of whole minutes (seconds dropped): 0:05, 12:30, 123:00, -1:15.

    A negative amount gets a leading ``-`` unless it is under a minute (shown as ``0:00``).
    """
    total = int(seconds)
    sign = "-" if total < 0 else ""
    minutes = abs(total) // 60
    if minutes == 0:
        sign = ""
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def format_elapsed(seconds: int) -> str:
    """``H:MM:SS`` of a duration that cannot be negative (a running timer, a discarded one)."""
    total = max(0, int(seconds))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def format_local(instant: dt.datetime, zone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """``instant`` (UTC; naive is taken as UTC) as wall time in ``zone``, formatted by ``fmt``."""
    return _as_utc(instant).astimezone(zone_info(zone)).strftime(fmt)


def _as_utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)
