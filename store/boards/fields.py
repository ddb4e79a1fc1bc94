"""What a card's fields may hold: each checked here, before anything is written, with a one-line
:class:`InvalidInput` naming the field (``title``, ``priority``, ``estimate``, ``due``, ``tags``,
``rate``, ...). References (board, column, lane, sprint, project, parent) are only shaped here;
the verbs resolve them inside their change.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fcc.store import records_boards as rb
from fcc.store.bounds import parse_amount, parse_id
from fcc.store.errors import InvalidInput
from fcc.store.names import check_name_text, check_note_text, name_key
from fcc.store.prefs import WEEKDAYS

# The keys add_card takes; edit_card takes them all but the placement ones.
ADD_KEYS = ("title", "board", "type", "parent", "column", "lane", "priority", "estimate", "due",
            "tags", "project", "rate", "description", "sprint")
EDIT_KEYS = tuple(k for k in ADD_KEYS if k not in ("board", "column", "lane")) + ("lane",)
CLEARABLE = ("due", "estimate", "parent", "project", "rate", "sprint", "lane", "description")
TITLE_MAX = 500
NAME_MAX = 100  # column, lane and sprint names (the tables' VARCHAR(100))
BOARD_NAME_MAX = 200
ESTIMATE_EXPECTED = "an estimate like 90m, 1.5h, 2h30m or 1d (a day is 8 hours), or minutes"
ESTIMATE_MAX_MINUTES = 1000 * 8 * 60  # a thousand working days
DUE_EXPECTED = "a date like 2026-12-10, today, tomorrow or fri"
TAG_EXPECTED = "tags without spaces or commas, like client-x"
_DAYS = re.compile(r"^(?P<days>\d+(?:\.\d+)?)\s*d(?:ays?)?\s*(?P<rest>.*)$")
_ZERO = re.compile(r"^(?:0+(?:\.0*)?\s*(?:h|hours?|m|mins?|minutes?)\s*)+$")


def check_keys(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise InvalidInput(str(key), "no such field (one of " + ", ".join(allowed) + ")")


def title(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput("title", "a title (text)", value)
    text = check_name_text(value, "title", "title")
    if not text:
        raise InvalidInput("title", "a non-empty title", value)
    if len(text) > TITLE_MAX:
        raise InvalidInput("title", f"a title of at most {TITLE_MAX} characters", value)
    return text


def description(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("description", "text (Markdown)", value)
    return check_note_text(value, "description", "description")


def card_type(value: object) -> str:
    text = str(value).strip().lower() if isinstance(value, str) else value
    if text not in rb.CARD_TYPES:
        raise InvalidInput("type", "one of " + ", ".join(rb.CARD_TYPES), value)
    return str(text)


def priority(value: object) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 0 <= number <= 4:
        raise InvalidInput("priority", "a priority from 0 (highest) to 4", value)
    return number


def estimate(value: object) -> int | None:
    """Minutes: an int, digits, or a duration text ("90m", "1.5h", "2h30m", "1d" = 8 h)."""
    if value is None:
        return None
    minutes: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    elif isinstance(value, str):
        minutes = _estimate_text(" ".join(value.split()).lower())
    if minutes is None or not 0 <= minutes <= ESTIMATE_MAX_MINUTES:
        raise InvalidInput("estimate", ESTIMATE_EXPECTED, value)
    return minutes


def _estimate_text(text: str) -> int | None:
    from fcc.store.when import parse_duration

    if text.isascii() and text.isdigit():
        return int(text)
    seconds = Decimal(0)
    days = _DAYS.match(text)
    if days:
        try:
            seconds += Decimal(days["days"]) * 8 * 3600
        except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
            return None
        text = days["rest"].strip()
    if text:
        try:
            seconds += int(parse_duration(text, field="estimate").total_seconds())
        except InvalidInput:  # a duration is never zero; an estimate may be ("0" is)
            if not _ZERO.match(text):
                return None
    elif not days:
        return None
    return int((seconds / 60).to_integral_value(rounding=ROUND_HALF_UP))


def due(value: object, *, now: dt.datetime, zone: str) -> dt.date | None:
    return None if value is None else day(value, "due", DUE_EXPECTED, now=now, zone=zone)


_RELATIVE = re.compile(r"^\+(\d{1,3})([dw])$")


def ahead(text: str, today: dt.date) -> dt.date | None:
    """A day as a plan names it, or None: today / tomorrow / yesterday, a weekday (the next
    one, today included: a due date or a sprint lies ahead, where the time commands' weekday
    is the last one), ``+3d`` / ``+2w`` from today."""
    low = " ".join(text.split()).lower()
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}.get(low)
    if shift is not None:
        return today + dt.timedelta(days=shift)
    for index, name in enumerate(WEEKDAYS):
        if low in (name, name[:3]):
            return today + dt.timedelta(days=(index - today.weekday()) % 7)
    relative = _RELATIVE.match(low)
    if relative:
        return today + dt.timedelta(days=int(relative[1]) * (7 if relative[2] == "w" else 1))
    return None


def day(value: object, field: str, expected: str, *, now: dt.datetime, zone: str) -> dt.date:
    """A calendar day: a date, a word :func:`ahead` reads, or text the time commands read as
    an instant (``2026-12-10``), taken in ``zone``."""
    if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
        raise InvalidInput(field, expected, value)
    if isinstance(value, dt.date):
        return value
    from fcc.store.when import local_date, parse_when

    found = ahead(value, local_date(now, zone))
    if found is not None:
        return found
    try:
        instant = parse_when(value, now=now, zone=zone, field=field)
    except InvalidInput:
        raise InvalidInput(field, expected, value) from None
    return local_date(instant, zone)


def tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise InvalidInput("tags", TAG_EXPECTED, value)
    out: list[str] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise InvalidInput("tags", TAG_EXPECTED, item)
        tag = check_name_text(item, "tags", "tag")
        if not tag or " " in tag or "," in tag or len(tag) > 100:
            raise InvalidInput("tags", TAG_EXPECTED, item)
        key = name_key(tag)
        if key not in seen:
            seen.add(key)
            out.append(tag)
    return tuple(out)


def rate(value: object) -> Decimal | None:
    if value is None:
        return None
    return parse_amount(value, "rate")


def card_id(value: object, field: str = "card") -> int:
    return parse_id(value, field, "a card id like 12 or #12")


def parent(value: object) -> int | None:
    return None if value is None else card_id(value, "parent")


def ref_name(value: object, field: str, *, limit: int = NAME_MAX, kind: str = "name") -> str:
    """A column, lane, sprint or board name (to create or to find); ``kind`` is what the
    messages call it (``"sprint name like Sprint 1"``)."""
    if not isinstance(value, str):
        raise InvalidInput(field, f"a {kind}", value)
    text = check_name_text(value, field)
    if not text:
        raise InvalidInput(field, f"a non-empty {kind}", value)
    if len(text) > limit:
        raise InvalidInput(field, f"a name of at most {limit} characters", value)
    return text


def wip_limit(value: object) -> int | None:
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 100_000:
        raise InvalidInput("limit", "a WIP limit: a whole number from 1 (or none)", value)
    return number


def position(value: object, field: str = "position") -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise InvalidInput(field, "a position: 0 (first) or more", value)
