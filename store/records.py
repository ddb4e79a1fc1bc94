"""Immutable records: what the store hands out. Never peewee rows.

Frozen records (``fcc.store.recordtype``: dataclass-like, without importing ``dataclasses``)
rather than pydantic models: much cheaper to define at import, which keeps the command line
fast (the records only reports, imports and the app need are loaded lazily, at the end).
Input is validated by pydantic in ``fcc.store.inputs``.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, kw_only_default=True)
    def record(cls: type[_T]) -> type[_T]: ...
else:
    from fcc.store.recordtype import record


def as_dict(value: Any) -> dict[str, Any]:
    """A record as JSON-ready data (decimals and datetimes as strings)."""
    from fcc.store.recordtype import as_plain_dict
    from fcc.store.sql.activity import plain

    return plain(as_plain_dict(value))


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
    # What an invoice prints and applies (0006).
    address: str = ""  # lines separated by "\n"
    tax_id: str = ""
    payment_terms: int | None = None  # days; None: the config file's [invoice] payment_terms
    tax_rate: Decimal | None = None  # percent; None: no tax line
    reverse_charge: bool = False  # the buyer accounts for the tax (the invoice says so)
    needs_approval: bool = False  # invoiced only from approved timesheets


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
class Entry:
    """One version of a time entry. ``end`` is None while it runs.

    ``no`` is the entry's number, the short id users see and type: every version of an entry
    has the same one. ``id`` names this version (a row)."""

    id: int
    no: int
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


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An :class:`Entry` from a row of the SQL core's entry query
    (:data:`fcc.store.sql.timers.ENTRY_SELECT`), as the driver returns it."""
    from fcc.store.sql.timers import entry_values

    return Entry(**entry_values(row))


@record
class Change:
    """What a verb did, in words, for the command line and the TUI's notifications."""

    action: str
    message: str
    entry: Entry | None = None
    # Timers this change stopped and then discarded for running less than the
    # min_entry_seconds setting (voided; ``undo`` brings them back, stopped): each front end
    # adds its own hint to the message ("fcc undo keeps it", "u to keep it").
    discarded: tuple[Entry, ...] = ()


# Records only reports, imports and ``db status`` need live in their own modules, loaded on
# first use: building a dataclass costs ~1 ms, and ``fcc start`` should not pay for twenty.
_LAZY = {
    "ActivityEntry": "fcc.store.records_reports",
    "TableCount": "fcc.store.records_reports",
    "DatabaseInfo": "fcc.store.records_reports",
    "Budget": "fcc.store.records_reports",
    "ReportLine": "fcc.store.records_reports",
    "ReportTotal": "fcc.store.records_reports",
    "Report": "fcc.store.records_reports",
    "ImportRecord": "fcc.store.records_imports",
    "ImportSkip": "fcc.store.records_imports",
    "ImportResult": "fcc.store.records_imports",
    "TaskwarriorResult": "fcc.store.records_imports",
    "Session": "fcc.store.records_tui",
    "HistoryItem": "fcc.store.records_history",
    "FieldChange": "fcc.store.records_history",
    "Pick": "fcc.store.records_tui",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: an import's 100,000 rows do not come back here
    return value
