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
