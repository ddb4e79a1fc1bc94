"""Time zones by IANA name, and the machine's own zone. Standard library only (cheap to import:
``fcc status`` uses it)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping


def zone_tz(name: str) -> dt.tzinfo | None:
    """The tzinfo for an IANA name (``UTC`` included), or None if there is no such zone."""
    if name.upper() == "UTC":
        return dt.UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def machine_zone(environ: Mapping[str, str] | None = None) -> str:
    """The IANA zone this machine runs in: FCC_ZONE, TZ, /etc/localtime, /etc/timezone, UTC."""
    env = os.environ if environ is None else environ
    for key in ("FCC_ZONE", "TZ"):
        name = (env.get(key) or "").lstrip(":")
        if name and zone_tz(name) is not None:
            return name
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        name = link.split("zoneinfo/", 1)[1]
        if zone_tz(name) is not None:
            return name
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            name = fh.read().strip()
        if name and zone_tz(name) is not None:
            return name
    except OSError:
        pass
    return "UTC"


def first_instant(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant local ``day`` begins: its midnight, or the jump where midnight falls in
    a DST gap."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=tz)  # fold=0
    first = midnight.astimezone(dt.UTC)
    if first.astimezone(tz).replace(tzinfo=None) == midnight.replace(tzinfo=None):
        return first
    # Midnight falls in a gap. With fold=0 zoneinfo reads it with the offset from before the
    # jump, which lands at or after the jump; with fold=1, with the offset after it, which
    # lands before the jump. The jump is the first instant whose wall time is >= midnight:
    # search between the two (gaps are at most a day, so this takes ~17 steps).
    lo = midnight.replace(fold=1).astimezone(dt.UTC)
    hi = first
    if lo >= hi:  # pragma: no cover - defensive: zoneinfo always gives lo < hi in a gap
        return hi
    naive_midnight = midnight.replace(tzinfo=None)
    lo_s, hi_s = 0, int((hi - lo).total_seconds())
    while lo_s < hi_s:
        mid = (lo_s + hi_s) // 2
        wall = (lo + dt.timedelta(seconds=mid)).astimezone(tz).replace(tzinfo=None)
        if wall >= naive_midnight:
            hi_s = mid
        else:
            lo_s = mid + 1
    return lo + dt.timedelta(seconds=lo_s)
