"""Immutable records: what the store hands out. Never peewee rows.

Frozen dataclasses rather than pydantic models: building them costs nothing at import, which
keeps the command line that status bars poll fast. Input is validated by pydantic in
``fcc.store.inputs``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

record = dataclasses.dataclass(frozen=True, slots=True, kw_only=True)


def as_dict(value: Any) -> dict[str, Any]:
    """A record as JSON-ready data (decimals and datetimes as strings)."""
    out = {}
    for key, item in dataclasses.asdict(value).items():
        if isinstance(item, Decimal):
            item = str(item)
        elif isinstance(item, dt.datetime | dt.date):
            item = item.isoformat()
        out[key] = item
    return out


@record
class Client:
    id: int
    uuid: str
    name: str
    email: str | None
    currency: str
    hourly_rate: Decimal | None
    archived: bool
    created_at: dt.datetime


@record
class Project:
    id: int
    uuid: str
    name: str
    client_id: int | None
    client_name: str | None
    hourly_rate: Decimal | None
    budget_hours: Decimal | None
    status: str
    archived: bool
    created_at: dt.datetime

    @property
    def label(self) -> str:
        return f"{self.client_name}/{self.name}" if self.client_name else self.name


@record
class ActivityEntry:
    id: int
    actor: str
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str | None
    at: dt.datetime


@record
class TableCount:
    table: str
    rows: int


@record
class DatabaseInfo:
    """What ``fcc db status`` and the TUI's placeholder panes show."""

    location: str
    backend: str
    workspace: str
    schema_version: int
    latest_version: int
    counts: tuple[TableCount, ...]
    running_timers: int

    def count(self, table: str) -> int:
        return next((c.rows for c in self.counts if c.table == table), 0)
