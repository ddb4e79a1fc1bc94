"""Immutable records: what the store hands out. Never peewee rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Client(Record):
    id: int
    uuid: str
    name: str
    email: str | None
    currency: str
    hourly_rate: Decimal | None
    archived: bool
    created_at: dt.datetime


class Project(Record):
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


class ActivityEntry(Record):
    id: int
    actor: str
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str | None
    at: dt.datetime


class TableCount(Record):
    table: str
    rows: int


class DatabaseInfo(Record):
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
