"""Reports: time and money by client, project, card, day, week or month; budgets; export.

The report itself is one SQL statement written once in :mod:`fcc.store.sql.reports` (the
quick path of ``fcc report`` runs the same functions on plain ``sqlite3``); these verbs resolve
names, check the range and run it in the store's connection.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.catalog import CatalogVerbs
from fcc.store.errors import InvalidInput
from fcc.store.limits import iso_z_epoch
from fcc.store.money import CENT
from fcc.store.recordtype import replace
from fcc.store.sql import reports as sql_reports
from fcc.store.sql.reports import BY_EXAMPLE, KEYS, Proj, Scope, parse_by

__all__ = ["BY_EXAMPLE", "EXPORT_FIELDS", "KEYS", "ReportVerbs", "parse_by"]

EXPORT_FIELDS = ("id", "uuid", "client", "project", "card", "card_title", "start", "end", "zone",
                 "seconds", "note", "tags", "billable", "rate", "currency", "invoice_ref")


class ReportVerbs(CatalogVerbs):
    # --- reports -----------------------------------------------------------------------------

    def report(self, start: dt.datetime, end: dt.datetime, *,
               by: str | Sequence[str] = ("project",), client: str | None = None,
               project: str | None = None, billable_only: bool = False) -> rec.Report:
        """Time in [start, end) grouped by ``by`` (any ordered subset of client, project,
        card, day, week, month); lines sorted by those keys, one total per currency.

        Day and week are the user's local ones (week buckets start on ``prefs.week_start``);
        a line grouped by project also names its client. Raises InvalidInput for an unknown
        key or an empty range, NotFound for an unknown client or project."""
        keys = parse_by(by)
        lo, hi = _epoch(start, "start"), _epoch(end, "end")
        if hi <= lo:
            raise InvalidInput("end", f"a time after {{start}} ({_iso(lo)})", _iso(hi), refs=True)
        projects = self._project_map()
        if project is not None:
            pid = self._project_row(project).id
            projects = {k: v for k, v in projects.items() if v.pid == pid}
        if client is not None:
            cid = self._client_row(client).id
            projects = {k: v for k, v in projects.items() if v.cid == cid}
        filtered = project is not None or client is not None
        now = int(self.clock.now().timestamp())
        with self._reading():
            return sql_reports.report(self.db.cursor(), self.dialect, self.prefs, now, lo, hi,
                                      keys, projects,
                                      project_ids=tuple(projects) if filtered else None,
                                      billable_only=billable_only)

    def budgets(self) -> list[rec.Budget]:
        """Projects with an hour budget: all time used and billed so far (merged ones count)."""
        rows = list(t.Project.select(t.Project.id, t.Project.name, t.Project.budget_hours,
                                     t.Client.name.alias("client_name"))
                    .join(t.Client, pw.JOIN.LEFT_OUTER)
                    .where(t.Project.merged_into.is_null() & t.Project.budget_hours.is_null(False))
                    .objects())
        if not rows:
            return []
        wanted = {r.id for r in rows}
        projects = {k: v for k, v in self._project_map().items() if v.pid in wanted}
        first = t.TimeEntry.select(pw.fn.MIN(t.TimeEntry.start_utc).coerce(False)).scalar()
        now = int(self.clock.now().timestamp())
        used: dict[int, rec.ReportLine] = {}
        if first is not None:
            scope = Scope(int(first), max(now, self._last_end()) + 1, tuple(projects))
            with self._reading():
                lines = sql_reports.report_lines(self.db.cursor(), self.dialect, self.prefs,
                                                 now, scope, ("project",), projects)
            for line in lines:
                assert line.project_id is not None
                old = used.get(line.project_id)  # one line per currency: add them up
                used[line.project_id] = line if old is None else replace(
                    old, seconds=old.seconds + line.seconds,
                    billed_seconds=old.billed_seconds + line.billed_seconds)
        out = []
        for r in rows:
            line = used.get(r.id)
            label = f"{r.client_name}/{r.name}" if r.client_name else r.name
            out.append(rec.Budget(
                project_id=r.id, project=label,
                budget_hours=None if r.budget_hours is None else Decimal(str(r.budget_hours)),
                used_seconds=line.seconds if line else 0,
                billed_seconds=line.billed_seconds if line else 0))
        return sorted(out, key=lambda b: b.project.lower())

    # --- export ------------------------------------------------------------------------------

    def export_rows(self, start: dt.datetime | None = None,
                    end: dt.datetime | None = None) -> Iterator[dict[str, Any]]:
        """Every current entry overlapping [start, end), oldest first, with the stable export
        field names (see EXPORT_FIELDS). Streamed from the cursor."""
        te, proj, eff, cl, card = (t.TimeEntry, t.Project, t.Project.alias("eff"),
                                   t.Client.alias("cl"), t.WorkItem)
        query = (te.select(te.id, te.uuid, cl.name, eff.name, te.work_item, card.title,
                           te.start_utc, te.end_utc, te.zone, te.note, te.tags, te.billable,
                           te.rate, te.currency, te.invoice_ref, te.entry_no)
                 .join(proj, on=(te.project == proj.id))
                 .join(eff, on=(eff.id == pw.fn.COALESCE(proj.merged_into, proj.id)))
                 .join(cl, pw.JOIN.LEFT_OUTER, on=(cl.id == eff.client))
                 .switch(te).join(card, pw.JOIN.LEFT_OUTER, on=(te.work_item == card.id))
                 .where(te.superseded_by.is_null() & te.voided_at.is_null()))
        if end is not None:
            query = query.where(te.start_utc < end)
        if start is not None:
            query = query.where(te.end_utc.is_null() | (te.end_utc > start))
        now = int(self.clock.now().timestamp())
        # Raw column values straight from the cursor: converting them here costs a third of
        # peewee's per-field conversion on a 100,000-entry export.
        cursor = self.db.execute(query.order_by(te.start_utc, te.id))
        while batch := cursor.fetchmany(1000):
            for (eid, uuid, client, project, card_id, title, begin, stop, zone, note, tags,
                 billable, rate, currency, invoice, number) in batch:
                yield {
                    "id": eid if number is None else number, "uuid": _uuid_text(uuid),
                    "client": client, "project": project,
                    "card": card_id, "card_title": title, "start": _iso(begin),
                    "end": None if stop is None else _iso(stop), "zone": zone,
                    "seconds": (now if stop is None else stop) - begin, "note": note,
                    "tags": [] if tags in (None, "", "[]") else list(json.loads(tags)),
                    "billable": bool(billable),
                    "rate": None if rate is None else str(Decimal(str(rate)).quantize(CENT)),
                    "currency": currency, "invoice_ref": invoice,
                }

    # --- internals ---------------------------------------------------------------------------

    def _project_map(self) -> dict[int, Proj]:
        return sql_reports.project_map(self.db.cursor(), self.dialect, self.prefs.rounding)

    def _reading(self) -> Any:
        """PostgreSQL: a transaction for the report's ``SET LOCAL`` (SQLite needs none)."""
        from contextlib import nullcontext

        return self.db.atomic() if self.dialect.postgres else nullcontext()

    def _last_end(self) -> int:
        last = t.TimeEntry.select(pw.fn.MAX(t.TimeEntry.end_utc).coerce(False)).scalar()
        return 0 if last is None else int(last)


def _epoch(instant: dt.datetime, field: str) -> int:
    if not isinstance(instant, dt.datetime) or instant.tzinfo is None:
        raise InvalidInput(field, "an aware datetime (with a zone)", str(instant))
    return int(instant.timestamp() // 1)



def _iso(epoch: int) -> str:
    return iso_z_epoch(epoch)  # (strftime's %Y writes year 1 as "1")


def _uuid_text(value: Any) -> str:
    import uuid

    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
