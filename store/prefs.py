"""Preferences the store's verbs depend on: zone, week start, limits, defaults.

Stored in the database's ``setting`` table (so machines sharing a PostgreSQL database agree on
week start, currency and rounding); the zone is the machine's own (``FCC_ZONE``, then ``TZ``,
then the system's zone) unless the ``zone`` setting pins one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from fcc.store.errors import InvalidInput
from fcc.store.rounding import NONE, Rounding, parse_rounding
from fcc.store.values import Value
from fcc.store.zones import machine_zone, zone_tz

TYPE_CHECKING = False  # typing is not imported at run time: fcc start/stop load this module
if TYPE_CHECKING:
    from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Prefs(Value):
    __slots__ = ("zone", "week_start", "forgotten_after", "allow_parallel", "currency",
                 "rounding", "min_entry_seconds")
    zone: str
    week_start: int  # 0 = Monday ... 6 = Sunday
    forgotten_after: dt.timedelta
    allow_parallel: bool
    currency: str
    rounding: Rounding
    min_entry_seconds: int  # a timer stopped sooner is discarded (0: never)

    def __init__(self, zone: str = "UTC", week_start: int = 0,
                 forgotten_after: dt.timedelta = dt.timedelta(hours=10),
                 allow_parallel: bool = False, currency: str = "EUR",
                 rounding: Rounding = NONE, min_entry_seconds: int = 60) -> None:
        self._set(zone=zone, week_start=week_start, forgotten_after=forgotten_after,
                  allow_parallel=allow_parallel, currency=currency, rounding=rounding,
                  min_entry_seconds=min_entry_seconds)

    @property
    def tz(self) -> dt.tzinfo:
        return zone_info(self.zone)


# key -> (what is expected, parser)
# Every number a setting holds has a range (1e15 hours overflowed timedelta, and a 23-digit
# min_entry_seconds overflowed SQLite's integers); the range is named in the error.
HOURS = (Decimal("0.1"), Decimal(1000))  # forgotten_after_hours: 6 minutes to 1000 hours
MAX_MIN_ENTRY_SECONDS = 3600
MAX_RETENTION_DAYS = 36500


def _hours(value: str) -> dt.timedelta:
    try:
        hours = Decimal(value.strip().lower().removesuffix("h"))
    except InvalidOperation:
        raise ValueError from None
    if not hours.is_finite() or not HOURS[0] <= hours <= HOURS[1]:
        raise ValueError
    return dt.timedelta(seconds=int(hours * 3600))


def _seconds(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 5:  # no sign, no fraction
        raise ValueError
    if int(text) > MAX_MIN_ENTRY_SECONDS:
        raise ValueError
    return int(text)


def _bool(value: str) -> bool:
    low = value.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off"}:
        return False
    raise ValueError


def _weekday(value: str) -> int:
    low = value.strip().lower()
    for i, name in enumerate(WEEKDAYS):
        if low in (name, name[:3]):
            return i
    raise ValueError


def _currency(value: str) -> str:
    up = value.strip().upper()
    if len(up) != 3 or not up.isalpha():
        raise ValueError
    return up


def _zone(value: str) -> str:
    zone_info(value.strip(), "zone")
    return value.strip()


SETTINGS: dict[str, tuple[str, Any]] = {
    "zone": ("an IANA time zone like Europe/Berlin", _zone),
    "week_start": ("a weekday like monday or sunday", _weekday),
    "forgotten_after_hours": ("a number of hours from 0.1 to 1000 like 10 or 8.5", _hours),
    "allow_parallel": ("true or false", _bool),
    "currency": ("a three-letter currency code like EUR", _currency),
    "rounding": ("a rule like none or 15:up:entry", parse_rounding),
    "min_entry_seconds": ("a whole number of seconds from 0 to 3600 like 60 (0 keeps every "
                          "entry)", _seconds),
}
_FIELD = {"forgotten_after_hours": "forgotten_after", "rounding": "rounding"}


def check_setting(key: str, value: str) -> Any:
    if key not in SETTINGS and key != "session_retention_days":
        raise InvalidInput("setting", "one of " + ", ".join(sorted(SETTINGS)), key)
    if key == "session_retention_days":
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 6
                and 1 <= int(text) <= MAX_RETENTION_DAYS):
            raise InvalidInput(key, f"a whole number of days from 1 to {MAX_RETENTION_DAYS}",
                               value)
        return int(text)
    expected, parse = SETTINGS[key]
    try:
        return parse(value)
    except (ValueError, InvalidInput):
        raise InvalidInput(key, expected, value) from None


def build_prefs(settings: Mapping[str, str], environ: Mapping[str, str] | None = None) -> Prefs:
    """Preferences from stored settings; a bad stored value falls back to the default."""
    values: dict[str, Any] = {"zone": machine_zone(environ)}
    for key, raw in settings.items():
        if key not in SETTINGS:
            continue
        try:
            values[_FIELD.get(key, key)] = check_setting(key, raw)
        except InvalidInput:
            continue
    return Prefs(**values)


def zone_info(name: str, field: str = "zone") -> dt.tzinfo:
    tz = zone_tz(name)
    if tz is None:
        raise InvalidInput(field, "an IANA time zone like Europe/Berlin", name)
    return tz
