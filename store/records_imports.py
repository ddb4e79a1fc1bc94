"""Records for imports (loaded on first use; see ``records``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store.records import record


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
    rate: Decimal | None = None  # an fcc export's entry rate: kept; None: the project's
    currency: str | None = None  # the rate's currency (with a rate only; None: the project's)


@record
class ImportSkip:
    """A record that was not imported, and why."""

    where: str
    reason: str
    part: bool = False  # only a part of the record was left out (a dependency); the rest is in


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


@record
class TaskwarriorResult:
    """What ``import_taskwarrior`` did (or, with ``dry_run``, would do)."""

    board: str
    created: int  # new cards
    updated: int  # cards imported before whose task changed since
    unchanged: int  # cards imported before, the same now
    comments: int  # annotations added as comments
    dependencies: int  # "blocked by" added
    deleted: int  # tasks deleted in Taskwarrior: not imported
    skipped: tuple[ImportSkip, ...]  # tasks (or their parts) not imported, and why
    new_projects: tuple[str, ...] = ()
    batch: str | None = None  # the activity batch `fcc undo` reverts (None: nothing written)
    dry_run: bool = False

    @property
    def message(self) -> str:
        n = self.created
        verb = "would import" if self.dry_run else "imported"
        cards = f"{n} new card{'' if n == 1 else 's'}"
        head = (f"{verb} {cards} to board {self.board}, "
                f"{'would update' if self.dry_run else 'updated'} {self.updated}, "
                f"{self.unchanged} unchanged")
        extra = [f"{self.comments} comment{'' if self.comments == 1 else 's'}",
                 f"{self.dependencies} dependenc{'y' if self.dependencies == 1 else 'ies'}"]
        p = len(self.new_projects)
        if p:
            extra.append(f"{p} new project{'' if p == 1 else 's'}")
        bad = sum(not skip.part for skip in self.skipped)
        parts = len(self.skipped) - bad
        tail = f"; skipped {self.deleted} deleted and {bad} bad"
        if parts:
            tail += f", left out {parts} dependenc{'y' if parts == 1 else 'ies'}"
        return f"{head} ({', '.join(extra)}){tail}"
