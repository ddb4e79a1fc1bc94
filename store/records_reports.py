"""Records for reports, budgets and the database summary (loaded on first use; see ``records``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store.money import hours
from fcc.store.records import record


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
    rate: Decimal | None = None  # the hourly rate, when lines are split by it (invoices)

    @property
    def hours(self) -> Decimal:
        """Billed hours to two places (what an invoice shows)."""
        return hours(self.billed_seconds)


@record
class ReportTotal:
    currency: str
    seconds: int
    billed_seconds: int
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        return hours(self.billed_seconds)


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
