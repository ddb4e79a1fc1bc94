"""Reports: time and money by client, project, card, day, week or month; budgets; export.

Every current entry overlapping the range is clipped to it and cut at local midnights into day
pieces. Pieces are grouped into billing cells — each piece for entry-scope rounding, or
(project, day, rate, currency, billable, and the card when a report is grouped by card) for
day scope — and a cell's billed time and money are computed once, in integer seconds and
cents, so a line is the sum of its cells and a total the sum of its lines, to the cent. All
of it runs in one SQL statement: the rows that leave the database are the report's lines,
never the entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.catalog import CatalogVerbs
from fcc.store.db import is_postgres
from fcc.store.errors import InvalidInput
from fcc.store.limits import iso_z_epoch
from fcc.store.rounding import NONE, Rounding, from_columns
from fcc.store.rows import dicts, tuples
from fcc.store.when import days_between

KEYS = ("client", "project", "card", "day", "week", "month")
BY_EXAMPLE = "client, project, card, day, week or month (e.g. --by client,project)"
EXPORT_FIELDS = ("id", "uuid", "client", "project", "card", "card_title", "start", "end", "zone",
                 "seconds", "note", "tags", "billable", "rate", "currency", "invoice_ref")
CENT = Decimal("0.01")


def parse_by(by: str | Iterable[str]) -> tuple[str, ...]:
    """``("client", "project")`` from ``"client,project"`` or ``["client", "project"]``."""
    parts = [by] if isinstance(by, str) else list(by)
    keys: list[str] = []
    for part in parts:
        for raw in str(part).split(","):
            key = raw.strip().lower()
            if not key:
                continue
            if key not in KEYS:
                raise InvalidInput("--by", BY_EXAMPLE, raw.strip())
            if key not in keys:
                keys.append(key)
    return tuple(keys)


@dataclasses.dataclass(frozen=True, slots=True)
class _Day:
    day: dt.date
    week: dt.date  # the day its week starts on
    lo: int  # epoch seconds, clipped to the range
    hi: int


def local_days(start: int, end: int, zone: str, week_start: int = 0) -> list[_Day]:
    """The local days of [start, end) (epoch seconds), each clipped to the range. A day runs
    from local midnight to local midnight: 23 or 25 hours on DST changes."""
    days = []
    for day, begin, after in days_between(_utc(start), _utc(end), zone):
        lo, hi = max(int(begin.timestamp()), start), min(int(after.timestamp()), end)
        if hi > lo:
            days.append(_Day(day, _week(day, week_start), lo, hi))
    return days


@dataclasses.dataclass(frozen=True, slots=True)
class _Proj:
    pid: int  # the effective project (the survivor of merges)
    cid: int | None  # its client (the survivor of merges)
    rule: Rounding


@dataclasses.dataclass(frozen=True, slots=True)
class _Scope:
    """Which entries a query looks at: a range, and optionally some projects only."""

    start: int
    end: int
    project_ids: tuple[int, ...] | None = None  # raw project ids (merged ones included)
    billable_only: bool = False


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
        lo, hi = _epoch(start, "--from"), _epoch(end, "--to")
        if hi <= lo:
            raise InvalidInput("--to", f"a time after --from ({_iso(lo)})", _iso(hi))
        projects = self._project_map()
        if project is not None:
            pid = self._project_row(project).id
            projects = {k: v for k, v in projects.items() if v.pid == pid}
        if client is not None:
            cid = self._client_row(client).id
            projects = {k: v for k, v in projects.items() if v.cid == cid}
        filtered = project is not None or client is not None
        scope = _Scope(lo, hi, tuple(projects) if filtered else None, billable_only)
        lines = self._lines(scope, keys, projects)
        return rec.Report(start=_utc(lo), end=_utc(hi), by=keys, lines=tuple(lines),
                          totals=_totals(lines), zone=self.prefs.zone)

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
            scope = _Scope(int(first), max(now, self._last_end()) + 1, tuple(projects))
            for line in self._lines(scope, ("project",), projects):
                assert line.project_id is not None
                old = used.get(line.project_id)  # one line per currency: add them up
                used[line.project_id] = line if old is None else dataclasses.replace(
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

    def _project_map(self) -> dict[int, _Proj]:
        """Every project row (merged ones too) -> its effective project, that project's
        client and rounding rule (resolved as ``rounding_for`` does: project, client, default)."""
        eff_client = t.Client.alias("eff_client")
        rows = list(dicts(t.Project.select(
            t.Project.id, t.Project.merged_into, t.Project.round_minutes, t.Project.round_mode,
            t.Project.round_scope, eff_client.id.alias("cid"),
            eff_client.round_minutes.alias("c_minutes"), eff_client.round_mode.alias("c_mode"),
            eff_client.round_scope.alias("c_scope"))
            .join(t.Client, pw.JOIN.LEFT_OUTER, on=(t.Project.client == t.Client.id))
            .join(eff_client, pw.JOIN.LEFT_OUTER,
                  on=(eff_client.id == pw.fn.COALESCE(t.Client.merged_into, t.Client.id)))))
        default = self.prefs.rounding
        own = {}
        for r in rows:
            rule = (from_columns(r["round_minutes"], r["round_mode"], r["round_scope"])
                    or from_columns(r["c_minutes"], r["c_mode"], r["c_scope"]) or default)
            own[r["id"]] = _Proj(r["id"], r["cid"], rule)
        # Merges keep chains flat: merged_into always names a live project.
        return {r["id"]: own.get(r["merged_into"] or r["id"], own[r["id"]]) for r in rows}

    def _last_end(self) -> int:
        last = t.TimeEntry.select(pw.fn.MAX(t.TimeEntry.end_utc).coerce(False)).scalar()
        return 0 if last is None else int(last)

    def _lines(self, scope: _Scope, keys: tuple[str, ...],
               projects: dict[int, _Proj]) -> list[rec.ReportLine]:
        now = int(self.clock.now().timestamp())
        # Only the span that holds entries needs day rows (both bounds come from indexes).
        first = t.TimeEntry.select(pw.fn.MIN(t.TimeEntry.start_utc).coerce(False)).scalar()
        if first is None or not projects:
            return []
        lo, hi = max(scope.start, int(first)), min(scope.end, max(now, self._last_end()))
        days = local_days(lo, hi, self.prefs.zone, self.prefs.week_start)
        if not days:
            return []
        sql, params = _report_sql(
            days, projects, scope, keys, now=now, currency=self.prefs.currency,
            default=self.prefs.rounding, postgres=is_postgres(self.db),
            early_by_end=(hi - days[0].lo) < (days[0].lo - int(first)))
        if is_postgres(self.db):
            with self.db.atomic():
                # The planner cannot know how few entries a day holds; its estimates would
                # make it compile the statement (JIT), which costs more than running it.
                self.db.execute_sql("SET LOCAL jit = off")
                rows = self.db.execute_sql(sql, params).fetchall()
        else:
            rows = self.db.execute_sql(sql, params).fetchall()
        return self._named_lines(rows, keys, projects)

    def _named_lines(self, rows: list[Any], keys: tuple[str, ...],
                     projects: dict[int, _Proj]) -> list[rec.ReportLine]:
        values = [dict(zip(keys, row, strict=False)) for row in rows]
        client_of = {p.pid: p.cid for p in projects.values()}
        pids = {v["project"] for v in values} if "project" in keys else set()
        cids = {v.get("client") for v in values} | {client_of.get(p) for p in pids}
        cards = {v.get("card") for v in values} - {None, 0}
        pnames = dict(tuples(t.Project.select(t.Project.id, t.Project.name).where(
            t.Project.id.in_(list(pids))))) if pids else {}
        cids.discard(None)
        cnames = dict(tuples(t.Client.select(t.Client.id, t.Client.name).where(
            t.Client.id.in_(list(cids))))) if cids else {}
        titles = dict(tuples(t.WorkItem.select(t.WorkItem.id, t.WorkItem.title).where(
            t.WorkItem.id.in_(list(cards))))) if cards else {}
        lines = []
        for row, value in zip(rows, values, strict=True):
            currency, seconds, billed, cents = row[len(keys):]
            fields: dict[str, Any] = {"client": None, "project": None}
            cid = value.get("client")
            if "project" in keys:
                pid = value["project"]
                cid = client_of.get(pid)
                fields.update(project_id=pid, project=pnames.get(pid, str(pid)))
            if "client" in keys or "project" in keys:
                fields.update(client_id=cid, client=None if cid is None else cnames.get(cid))
            if "card" in keys:
                card = value["card"] or None
                fields.update(card_id=card, card=titles.get(card))
            if "day" in keys:
                fields["day"] = dt.date.fromordinal(value["day"])
            if "week" in keys:
                fields["week"] = dt.date.fromordinal(value["week"])
            if "month" in keys:
                month = int(value["month"])
                fields["month"] = f"{month // 100:04d}-{month % 100:02d}"
            lines.append(rec.ReportLine(
                currency=currency, seconds=int(seconds), billed_seconds=int(billed),
                amount=(Decimal(int(cents)) / 100).quantize(CENT), **fields))
        lines.sort(key=lambda line: (tuple(_sort_key(line, k) for k in keys), line.currency))
        return lines


def _sort_key(line: rec.ReportLine, key: str) -> Any:
    if key == "client":
        return (line.client is not None, (line.client or "").lower(), line.client_id or 0)
    if key == "project":
        return ((line.client or "").lower(), (line.project or "").lower(), line.project_id or 0)
    if key == "card":
        return (line.card_id is not None, line.card_id or 0)
    return getattr(line, key)


def _totals(lines: list[rec.ReportLine]) -> tuple[rec.ReportTotal, ...]:
    sums: dict[str, list[Any]] = {}
    for line in lines:
        acc = sums.setdefault(line.currency, [0, 0, Decimal("0.00")])
        acc[0] += line.seconds
        acc[1] += line.billed_seconds
        acc[2] += line.amount
    return tuple(rec.ReportTotal(currency=c, seconds=s, billed_seconds=b, amount=a)
                 for c, (s, b, a) in sorted(sums.items()))


def _report_sql(days: list[_Day], projects: dict[int, _Proj], scope: _Scope,
                keys: tuple[str, ...], *, now: int, currency: str, default: Rounding,
                postgres: bool, early_by_end: bool) -> tuple[str, list[Any]]:
    """One statement: day rows as VALUES, then pieces -> cells -> lines.

    Pieces come from two index range scans per day (entries starting that day; those of them
    running past midnight) plus the few entries that began before the range. Reading the
    index twice is cheaper than materializing the first scan for reuse.

    Project facts (merges, clients, rounding rules) are inlined as CASE expressions that list
    only the exceptions, so no per-row join is needed. Ints are ours and inlined; the only
    parameter is the default currency.
    """
    least = "LEAST" if postgres else "MIN"
    r0 = days[0].lo
    day_rows = ", ".join(f"({d.day.toordinal()}, {d.week.toordinal()}, "
                         f"{d.day.year * 100 + d.day.month}, {d.lo}, {d.hi})" for d in days)
    # SQLite reads "+column" as "use no index for this term". It keeps SQLite off the (nearly
    # useless) superseded_by index, and picks the side below. PostgreSQL plans from its
    # statistics and would only lose them, so it gets plain columns.
    plus = "" if postgres else "+"
    where = f"{plus}te.superseded_by_id IS NULL AND te.voided_at IS NULL"
    if scope.billable_only:
        where += " AND te.billable"
    if scope.project_ids is not None:
        where += f" AND te.project_id IN ({_ints(scope.project_ids)})"
    # Entries that began before the range and reach into it: both bounds are open-ended, so
    # read whichever index (start or end) has fewer rows on its side of the range start.
    start_col, end_col = (f"{plus}te.start_utc", "te.end_utc") if early_by_end else \
        ("te.start_utc", f"{plus}te.end_utc")
    merged = {raw: p.pid for raw, p in projects.items() if raw != p.pid}
    pid = _case("te.project_id", merged, "te.project_id")
    card = "te.work_item_id" if "card" in keys else "0"
    cols = f"{pid} AS pid, {card} AS card, te.billable, te.rate, te.currency"
    entry_rules: dict[Rounding, set[int]] = {}
    day_rules: dict[Rounding, set[int]] = {}
    for p in projects.values():
        (day_rules if p.rule.scope == "day" and p.rule.unit else entry_rules).setdefault(
            p.rule, set()).add(p.pid)
    day_pids = set().union(*day_rules.values())
    rate_cents = "CAST(ROUND(rate * 100) AS BIGINT)"

    def rounded(x: str, rules: dict[Rounding, set[int]], otherwise: str) -> str:
        whens = "".join(f"WHEN pid IN ({_ints(ids)}) THEN {_rounded(x, rule)} "
                        for rule, ids in rules.items() if _rounded(x, rule) != otherwise)
        return f"CASE {whens}ELSE {otherwise} END" if whens else otherwise

    # Entry scope: each piece is rounded and priced on its own, summed in the cell's group.
    entry_billed = rounded("sec", entry_rules, _rounded("sec", default if default.scope ==
                                                         "entry" else NONE))
    entry_cents = f"(({entry_billed}) * {rate_cents} * 2 + 3600) / 7200"
    # Day scope: the cell's sum is rounded and priced once.
    day_billed = rounded("sec", day_rules, "sec")
    day_cents = f"(({day_billed}) * {rate_cents} * 2 + 3600) / 7200"
    in_day = f"pid IN ({_ints(day_pids)})" if day_pids else "1 = 0"
    clients = {p.pid: p.cid for p in projects.values() if p.cid is not None}
    key_cols = {"client": _case("pid", clients, "NULL"), "project": "pid", "card": "card",
                "day": "di", "week": "wk", "month": "mo"}
    select_keys = "".join(f"{key_cols[k]}, " for k in keys)
    group = ", ".join(str(i + 1) for i in range(len(keys) + 1))
    cur = f"COALESCE(currency, {'%s' if postgres else '?'})"
    if day_pids:  # group pieces into cells first, then round and price each cell once
        cells = f"""cells AS (
  SELECT pid, di, card, billable, rate, {cur} AS currency, MAX(wk) AS wk, MAX(mo) AS mo,
         CAST(SUM(sec) AS BIGINT) AS sec,
         CAST(SUM({entry_billed}) AS BIGINT) AS entry_billed,
         CAST(SUM({entry_cents}) AS BIGINT) AS entry_cents
  FROM pieces WHERE sec > 0
  GROUP BY 1, 2, 3, 4, 5, 6
),
priced AS (
  SELECT c.pid, c.card, c.currency, c.sec, c.wk, c.mo, c.di,
         CASE WHEN NOT c.billable THEN 0 WHEN {in_day} THEN {day_billed}
              ELSE c.entry_billed END AS billed,
         CASE WHEN NOT c.billable OR c.rate IS NULL THEN 0 WHEN {in_day} THEN {day_cents}
              ELSE c.entry_cents END AS cents
  FROM cells c
)"""
    else:  # every cell is one piece
        cells = f"""priced AS (
  SELECT p.pid, p.card, {cur} AS currency, p.sec, p.wk, p.mo, p.di,
         CASE WHEN p.billable THEN {entry_billed} ELSE 0 END AS billed,
         CASE WHEN p.billable AND p.rate IS NOT NULL THEN {entry_cents} ELSE 0 END AS cents
  FROM pieces p
  WHERE p.sec > 0
)"""
    sql = f"""
WITH days(di, wk, mo, lo, hi) AS (VALUES {day_rows}),
started AS (
  SELECT d.di, d.wk, d.mo, d.hi AS day_hi, {cols}, te.start_utc AS s,
         COALESCE(te.end_utc, {now}) AS e
  FROM days d CROSS JOIN time_entry te
  WHERE te.start_utc >= d.lo AND te.start_utc < d.hi AND {where}
),
reaching AS (
  SELECT {cols}, te.start_utc AS s, COALESCE(te.end_utc, {now}) AS e
  FROM days d CROSS JOIN time_entry te
  WHERE te.start_utc >= d.lo AND te.start_utc < d.hi AND COALESCE(te.end_utc, {now}) > d.hi
    AND {where}
  UNION ALL
  SELECT {cols}, te.start_utc, te.end_utc
  FROM time_entry te
  WHERE {start_col} < {r0} AND {end_col} > {r0} AND {where}
  UNION ALL
  SELECT {cols}, te.start_utc, {now}
  FROM time_entry te
  WHERE te.end_utc IS NULL AND te.start_utc < {r0} AND {now} > {r0} AND {where}
),
pieces AS (
  SELECT di, wk, mo, pid, card, billable, rate, currency, {least}(e, day_hi) - s AS sec
  FROM started
  UNION ALL
  SELECT d.di, d.wk, d.mo, r.pid, r.card, r.billable, r.rate, r.currency,
         {least}(r.e, d.hi) - d.lo
  FROM reaching r JOIN days d ON d.lo > r.s AND d.lo < r.e
),
{cells}
SELECT {select_keys}currency, SUM(sec), SUM(billed), SUM(cents)
FROM priced
GROUP BY {group}
"""
    return sql, [currency]


def _rounded(x: str, rule: Rounding) -> str:
    """``round_seconds`` in SQL integer arithmetic (x > 0)."""
    unit = rule.unit
    if not unit:
        return x
    if rule.mode == "up":
        return f"({x} + {unit - 1}) / {unit} * {unit}"
    if rule.mode == "down":
        return f"{x} / {unit} * {unit}"
    return f"({x} + {unit // 2}) / {unit} * {unit}"


def _case(column: str, mapping: Mapping[int, int | None], default: str) -> str:
    if not mapping:
        return default
    whens = " ".join(f"WHEN {int(k)} THEN {'NULL' if v is None else int(v)}"
                     for k, v in sorted(mapping.items()))
    return f"CASE {column} {whens} ELSE {default} END"


def _ints(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(values)) or "NULL"


def _week(day: dt.date, week_start: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def _epoch(instant: dt.datetime, field: str) -> int:
    if not isinstance(instant, dt.datetime) or instant.tzinfo is None:
        raise InvalidInput(field, "an aware datetime (with a zone)", str(instant))
    return int(instant.timestamp() // 1)


def _utc(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _iso(epoch: int) -> str:
    return iso_z_epoch(epoch)  # (strftime's %Y writes year 1 as "1")


def _uuid_text(value: Any) -> str:
    import uuid

    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
