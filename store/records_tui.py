"""Records only the TUI needs (loaded on first use, so the command line never builds them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fcc.store.records import record


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
