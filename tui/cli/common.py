"""What the commands of several nouns share: reading times, lengths, rates and rounding rules
as their flags give them, and showing user text in Rich tables without markup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fcc.store.when import format_local
from fcc.tui.cli.base import say
from fcc.tui.readout import literal as user_text  # noqa: F401 - the commands' one way to show
from fcc.tui.readout import make_console as rich_console  # noqa: F401
from fcc.tui.readout import make_table as rich_table  # noqa: F401

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Change

UNSET: Any = object()
WHEN_HELP = "17:30, 'yesterday 9:00', '2026-11-20 14:00', ISO 8601 or -15m"


def when(store: Store, text: str | None, field: str) -> dt.datetime | None:
    if text is None:
        return None
    from fcc.store.when import parse_when

    return parse_when(text, now=store.clock.now(), zone=store.prefs.zone, field=field)


def length(text: str | None, field: str) -> dt.timedelta | None:
    if text is None:
        return None
    from fcc.store.when import parse_duration

    return parse_duration(text, field=field)


def decimal_opt(value: str | None, field: str) -> Decimal | None:
    """A rate (``--rate``) or an hour budget (``--budget``) in what the database holds;
    ``none`` or nothing is None."""
    if value is None or value.strip().lower() in {"", "none"}:
        return None
    from fcc.store.bounds import BUDGET_EXPECTED, BUDGET_MAX, parse_amount

    if field == "--budget":
        return parse_amount(value, field, maximum=BUDGET_MAX, expected=BUDGET_EXPECTED)
    return parse_amount(value, field)


def rule_opt(value: str | None) -> Any:
    if value is None:
        return UNSET
    if value.strip().lower() == "inherit":
        return None
    from fcc.store.rounding import parse_rounding

    return parse_rounding(value)


echo = say  # every message goes through visible()


def said(change: Change) -> str:
    """A change's message, with how to get back a timer it discarded for running too briefly."""
    return change.message + ("; fcc undo keeps it" if change.discarded else "")


def local(store: Store, instant: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant in the user's zone (the store's preferences)."""
    return format_local(instant, store.prefs.zone, fmt)
