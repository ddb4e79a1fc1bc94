"""What plan fields may hold, read from the text users type: a measure (``measure_spec``) and a
tactic's weeks (``weeks_spec``). The command line (``--lag``, ``--lead``, ``--weeks``) and the
app's forms read them here so both accept the same words; errors name the field (``measure``,
``weeks``). References inside a measure's scope (clients, projects, tags) are only shaped here:
``add_measure`` resolves them to ids inside its change.

A measure::

    NAME [= TARGET [UNIT]] [per week|per cycle] [from hours|billed|manual] [on SCOPE, ...]

    Billed revenue = 12000 EUR from billed on client:Acme
    Client hours = 25 h per week from hours on client:Acme, tag:deep
    Sales calls = 5 per week
    Half marathon (min) = 119

SCOPE: ``client:NAME``, ``project:CLIENT/PROJECT``, ``card:41`` (or ``#41``), ``tag:NAME``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from fcc.store import records_plans as rp
from fcc.store.bounds import parse_amount, parse_id
from fcc.store.errors import InvalidInput
from fcc.store.names import check_name_text, name_key

MEASURE_EXPECTED = ("a measure like 'Billed revenue = 12000 EUR from billed on client:Acme' "
                    "or 'Sales calls = 5 per week'")
SCOPE_EXPECTED = "a scope like client:Acme, project:Acme/Site, card:41 or tag:deep"
WEEKS_EXPECTED = "weeks like 1-4, 3, W2-W6 or all"
NAME_MAX = 200  # measure.name is VARCHAR(200)
UNIT_MAX = 20  # measure.unit is VARCHAR(20)
TARGET_MAX = Decimal("999999999999.99")  # NUMERIC(14, 2)
SCOPE_KEYS = ("projects", "clients", "cards", "tags")

# What users may write before the colon of a scope entry, and the scope key it fills.
_SCOPE_WORDS = {
    "client": "clients", "clients": "clients", "customer": "clients",
    "project": "projects", "projects": "projects",
    "card": "cards", "cards": "cards",
    "tag": "tags", "tags": "tags",
}
_PERIODS = {"week": "week", "weekly": "week", "wk": "week", "w": "week",
            "cycle": "cycle", "12 weeks": "cycle", "quarter": "cycle"}
_SOURCES = {"hours": "hours", "tracked": "hours", "tracked hours": "hours", "time": "hours",
            "billed": "billed", "billed amount": "billed", "billing": "billed",
            "manual": "manual", "typed": "manual", "hand": "manual"}
# "12000", "12000.50", "12000EUR", "25h": the number and a unit glued to it.
_TARGET = re.compile(r"^(?P<number>[+-]?\d+(?:\.\d+)?)(?P<unit>[^\d\s.,+-].*)?$")


def measure_spec(text: object) -> dict[str, Any]:
    """``add_measure``'s keyword arguments read from ``text``: ``name``, ``target`` (Decimal or
    None), ``unit`` ('' unless given; 'h' for hours), ``period`` (None: the kind's default),
    ``source`` and ``scope`` (``{'clients': [names], 'projects': ['CLIENT/PROJECT'],
    'cards': [ids], 'tags': [names]}``, only the keys given; empty: everything).

    Without ``=`` the whole text is the name (a typed measure with no target)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("measure", MEASURE_EXPECTED, text)
    name_part, eq, rest = text.partition("=")
    name = _measure_name(name_part, text)
    words = _words(rest)
    target: Decimal | None = None
    unit_words: list[str] = []
    if words and not _keyword(words[0]):
        target, glued = _target(words.pop(0), text)
        unit_words = [glued] if glued else []
        while words and not _keyword(words[0]):
            unit_words.append(words.pop(0))
    period: str | None = None
    source = "manual"
    scope: dict[str, list[Any]] = {}
    seen: set[str] = set()
    while words:
        word = words.pop(0)
        keyword = "per" if word.startswith("/") else word.lower()
        if keyword in seen:
            raise InvalidInput("measure", f"one '{keyword} ...' ({MEASURE_EXPECTED})", text)
        seen.add(keyword)
        if keyword == "per":
            value = word[1:] if word.startswith("/") and len(word) > 1 else \
                (words.pop(0) if words else "")
            period = _PERIODS.get(value.lower())
            if period is None:
                raise InvalidInput("measure", "'per week' or 'per cycle'", text)
        elif keyword == "from":
            two = " ".join(words[:2]).lower()
            if two in _SOURCES:
                source = _SOURCES[two]
                del words[:2]
            elif words and words[0].lower() in _SOURCES:
                source = _SOURCES[words.pop(0).lower()]
            else:
                raise InvalidInput("measure", "'from hours' (tracked) or 'from billed' "
                                   "(the billed amount)", text)
        else:  # "on": the scope runs to the end (a client may be named "Work from home")
            scope = scope_spec(" ".join(words))
            words = []
    if scope and source == "manual":
        raise InvalidInput("measure", "'from hours' or 'from billed' before 'on ...' (a typed "
                           "measure has no scope)", text)
    unit = " ".join(unit_words)
    if unit:
        unit = check_name_text(unit, "measure", "unit")
        if len(unit) > UNIT_MAX:
            raise InvalidInput("measure", f"a unit of at most {UNIT_MAX} characters", text)
    elif source == "hours":
        unit = "h"
    return {"name": name, "target": target, "unit": unit, "period": period, "source": source,
            "scope": scope}


def _words(text: str) -> list[str]:
    """The words after ``=``, a period glued to a unit cut off ("h/week" → "h", "/week");
    the scope (from ``on``) is left whole, "Acme/Site" is a project."""
    words: list[str] = []
    rest = text.split()
    while rest:
        word = rest.pop(0)
        if word.lower() == "on":
            return words + [word] + rest
        left, slash, right = word.partition("/")
        if slash and left and right.lower() in _PERIODS:
            words += [left, "/" + right]
        else:
            words.append(word)
    return words


def _keyword(word: str) -> bool:
    return word.lower() in ("per", "from", "on") or word.startswith("/")


def _measure_name(value: str, text: str) -> str:
    if not value.strip():
        raise InvalidInput("measure", "a name before '=' (" + MEASURE_EXPECTED + ")", text)
    name = check_name_text(value, "measure", "measure name")
    if len(name) > NAME_MAX:
        raise InvalidInput("measure", f"a name of at most {NAME_MAX} characters", text)
    return name


def _target(word: str, text: str) -> tuple[Decimal, str]:
    """The target and a unit glued to it ("25h", "12,000EUR")."""
    found = _TARGET.match(re.sub(r",(?=\d{3}(?!\d))", "", word))
    if found is None:
        raise InvalidInput("measure", "a target number after '=' (" + MEASURE_EXPECTED + ")",
                           text)
    return target_value(found["number"], "measure"), found["unit"] or ""


def target_value(value: object, field: str = "target") -> Decimal:
    """A measure's target or typed value: a number from 0 with at most two decimals."""
    return parse_amount(value, field, maximum=TARGET_MAX,
                        expected="a number from 0 with at most two decimals, like 25 or 12000")


def scope_spec(text: object) -> dict[str, list[Any]]:
    """``client:Acme, tag:deep`` as a scope dict (names as typed; card ids as ints)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("measure", SCOPE_EXPECTED, text)
    scope: dict[str, list[Any]] = {}
    for entry in text.split(","):
        entry = " ".join(entry.split())
        if not entry:
            continue
        if entry.startswith("#"):
            word, value = "card", entry
        else:
            word, colon, value = entry.partition(":")
            if not colon:
                raise InvalidInput("measure", SCOPE_EXPECTED, entry)
        key = _SCOPE_WORDS.get(word.strip().lower())
        value = value.strip()
        if key is None or not value:
            raise InvalidInput("measure", SCOPE_EXPECTED, entry)
        item: Any
        if key == "cards":
            item = parse_id(value.lstrip("#"), "measure", "a card id like card:41 or #41")
        else:
            item = check_name_text(value, "measure", key[:-1] + " name")
        values = scope.setdefault(key, [])
        if not any(_same(item, other) for other in values):
            values.append(item)
    if not scope:
        raise InvalidInput("measure", SCOPE_EXPECTED, text)
    return scope


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return name_key(a) == name_key(b)
    return a == b


def spec_text(*, name: str, target: Decimal | None, unit: str = "", period: str | None = None,
              source: str = "manual", scope_label: str = "") -> str:
    """A measure written back the way :func:`measure_spec` reads it (the app's edit form
    starts from it)."""
    out = name
    if target is not None:
        shown = format(target.normalize(), "f") if target == target.to_integral() else str(target)
        out += f" = {shown}" + (f" {unit}" if unit and not (source == "hours" and unit == "h")
                                else "")
    if period:
        out += f" per {period}"
    if source != "manual":
        out += f" from {source}"
    if scope_label:
        out += f" on {scope_label}"
    return out


_WEEK_RANGE = re.compile(r"^w?(\d{1,2})(?:\s*(?:-|–|—|\.\.|to)\s*w?(\d{1,2}))?$")


def weeks_spec(text: object) -> tuple[int, int]:
    """A tactic's weeks: ``1-4``, ``3``, ``W2-W6``, ``all`` / ``every week`` → (first, last)."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if isinstance(text, tuple | list) and len(text) == 2:
        text = f"{text[0]}-{text[1]}"
    if not isinstance(text, str):
        raise InvalidInput("weeks", WEEKS_EXPECTED, text)
    low = " ".join(text.split()).lower()
    if low.startswith("weeks "):
        low = low[len("weeks "):]
    elif low.startswith("week "):
        low = low[len("week "):]
    if low in ("all", "every week", "every", "each week", "weekly", "all weeks"):
        return 1, rp.WEEKS
    found = _WEEK_RANGE.match(low)
    if found is None:
        raise InvalidInput("weeks", WEEKS_EXPECTED, text)
    first = int(found[1])
    last = int(found[2]) if found[2] else first
    if not 1 <= first <= last <= rp.WEEKS:
        raise InvalidInput("weeks", f"weeks from 1 to {rp.WEEKS}, the first not after the last",
                           text)
    return first, last
