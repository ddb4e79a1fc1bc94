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

record = dataclasses.dataclass(frozen=True, kw_only=True)


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
    rounding: str | None = None  # a rule like 15:up:entry; None inherits the default


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
    rounding: str | None = None  # None inherits the client's rule, then the default
    currency: str | None = None  # the client's currency (None: the default currency)

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


@record
class Entry:
    """One version of a time entry. ``end`` is None while it runs."""

    id: int
    uuid: str
    project_id: int
    project: str  # the project's label: CLIENT/PROJECT, or PROJECT without a client
    client: str | None
    work_item_id: int | None
    work_item: str | None  # the card's title
    start: dt.datetime  # UTC
    end: dt.datetime | None  # UTC
    zone: str
    note: str
    tags: tuple[str, ...]
    billable: bool
    rate: Decimal | None
    currency: str | None
    superseded_by: int | None
    voided_at: dt.datetime | None
    void_reason: str | None
    invoice_ref: str | None
    source_key: str | None
    created_at: dt.datetime

    @property
    def running(self) -> bool:
        return self.end is None and self.current

    @property
    def current(self) -> bool:
        """Neither superseded by a newer version nor voided."""
        return self.superseded_by is None and self.voided_at is None

    def seconds(self, now: dt.datetime) -> int:
        return int(((self.end or now) - self.start).total_seconds())


@record
class Budget:
    project_id: int
    project: str
    budget_hours: Decimal | None
    used_seconds: int
    billed_seconds: int

    @property
    def remaining_seconds(self) -> int | None:
        if self.budget_hours is None:
            return None
        return int(self.budget_hours * 3600) - self.used_seconds


@record
class Change:
    """What a verb did, in words, for the command line and the TUI's notifications."""

    action: str
    message: str
    entry: Entry | None = None


@record
class ReportLine:
    """One line of a report: the sums of its billing cells. A key not grouped by is None."""

    client: str | None
    project: str | None
    currency: str
    seconds: int  # raw time, clipped to the report's range
    billed_seconds: int  # after rounding; 0 for non-billable time
    amount: Decimal  # billed time at each entry's rate, to the cent per billing cell
    client_id: int | None = None
    project_id: int | None = None
    card_id: int | None = None
    card: str | None = None  # the card's title
    day: dt.date | None = None  # local day
    week: dt.date | None = None  # the local day the week starts on
    month: str | None = None  # YYYY-MM

    @property
    def hours(self) -> Decimal:
        """Billed hours to two places (what an invoice shows)."""
        return (Decimal(self.billed_seconds) / Decimal(3600)).quantize(Decimal("0.01"))


@record
class ReportTotal:
    currency: str
    seconds: int
    billed_seconds: int
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.billed_seconds) / Decimal(3600)).quantize(Decimal("0.01"))


@record
class Report:
    """Time in [start, end) grouped by ``by``; one total per currency (the sum of its lines)."""

    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    by: tuple[str, ...]
    lines: tuple[ReportLine, ...]
    totals: tuple[ReportTotal, ...]
    zone: str = "UTC"

    def total(self, currency: str) -> ReportTotal | None:
        return next((t for t in self.totals if t.currency == currency), None)


# --- imports (fcc import watson | timewarrior | csv) -------------------------------------------


@record
class ImportRecord:
    """One entry read from another tracker's file, not yet imported."""

    source_key: str  # unique per source (watson:<frame id>, ...): a rerun skips what it finds
    where: str  # file and record or line number, for messages
    project: str
    client: str | None = None
    start: dt.datetime  # aware; or naive: local time in ``zone`` (else the zone preference)
    end: dt.datetime | None  # None: still running there (skipped)
    note: str = ""
    tags: tuple[str, ...] = ()
    billable: bool | None = None  # None: billable
    card: int | None = None
    zone: str | None = None  # None: the zone preference
    uuid: str | None = None  # an fcc export's entry uuid: kept, and never imported twice


@record
class ImportSkip:
    """A record that was not imported, and why."""

    where: str
    reason: str


@record
class ImportResult:
    source: str
    imported: int
    new_projects: tuple[str, ...]
    already_imported: int
    bad: tuple[ImportSkip, ...]
    parallel: int  # imported entries that overlap others, kept as parallel entries
    batch: str | None  # the activity batch `fcc undo` reverts (None: nothing written)
    dry_run: bool = False

    @property
    def skipped(self) -> int:
        return self.already_imported + len(self.bad)

    @property
    def message(self) -> str:
        n, p = self.imported, len(self.new_projects)
        head = (f"would import {n} entr{'y' if n == 1 else 'ies'} ({p} new project"
                f"{'' if p == 1 else 's'}), would skip" if self.dry_run else
                f"imported {n} entr{'y' if n == 1 else 'ies'} ({p} new project"
                f"{'' if p == 1 else 's'}), skipped")
        return (f"{head} {self.skipped} (already imported: {self.already_imported}, "
                f"bad: {len(self.bad)})")
