"""Records only the TUI needs (loaded on first use, so the command line never builds them)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .records import Entry, record  # relative: mypy checks this package as "store"


@record
class Session:
    """Where the TUI was when it last closed."""

    name: str
    last_pane: str
    selection: dict[str, Any]
    filters: dict[str, Any]
    updated_at: dt.datetime


@record
class Pick:
    """Something a timer can start on: a project, or a card (with its project)."""

    kind: str  # "project" or "card"
    id: int
    label: str  # CLIENT/PROJECT, or "#12 title"
    project: str | None  # the card's project label
    last_used: dt.datetime | None  # the newest entry on it; None if never used


@record
class FirstFrame:
    """What the app draws first, read with plain sqlite3 before peewee loads (see
    ``fcc.store.firstframe``): the status strip, the running timers and the saved session."""

    at: dt.datetime
    zone: str
    week_start: dt.date  # the first day of this week
    running: tuple[Entry, ...]
    today_seconds: int
    week_seconds: int
    counter: int  # the change counter these figures belong to
    session: Session | None


def session_from_row(name: str, last_pane: str, selection: str | None, filters: str | None,
                     updated_at: dt.datetime) -> Session:
    """A :class:`Session` from its row; JSON that is broken or not an object reads as {}."""
    return Session(name=name, last_pane=last_pane, selection=_obj(selection),
                   filters=_obj(filters), updated_at=updated_at)


def _obj(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
