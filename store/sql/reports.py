"""Reports in SQL: time and money by client, project, card, day, week or month.

Every current entry overlapping the range is clipped to it and cut at local midnights into day
pieces. Pieces are grouped into billing cells — each piece for entry-scope rounding, or
(project, day, rate, currency, billable, and the card when a report is grouped by card) for
day scope — and a cell's billed time and money are computed once, in integer seconds and
cents, so a line is the sum of its cells and a total the sum of its lines, to the cent. All
of it runs in one SQL statement: the rows that leave the database are the report's lines,
never the entries.

Standard library only, over a DB-API cursor and a :class:`Dialect`: the store's
``ReportVerbs`` run it in their transaction, ``fcc report``'s quick path on plain ``sqlite3``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store.errors import InvalidInput
from fcc.store.limits import utc_at
from fcc.store.money import CENT
from fcc.store.rounding import NONE, Rounding, from_columns
from fcc.store.sql.dialect import Dialect
from fcc.store.when import days_between

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from fcc.store import records as rec
    from fcc.store.prefs import Prefs

KEYS = ("client", "project", "card", "day", "week", "month")
# Keys only the store groups by (never a ``--by``): ``rate`` splits lines by the entries'
# hourly rate (an invoice's billed hours x rate).
INTERNAL_KEYS = ("rate",)
BY_EXAMPLE = "client, project, card, day, week or month (e.g. --by client,project)"


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
                raise InvalidInput("by", BY_EXAMPLE, raw.strip())
            if key not in keys:
                keys.append(key)
    return tuple(keys)


class Day:
    """A local day of a report's range: its date, the day its week starts on, and its
    bounds in epoch seconds, clipped to the range."""

    __slots__ = ("day", "hi", "lo", "week")

    def __init__(self, day: dt.date, week: dt.date, lo: int, hi: int) -> None:
        self.day, self.week, self.lo, self.hi = day, week, lo, hi


def local_days(start: int, end: int, zone: str, week_start: int = 0) -> list[Day]:
    """The local days of [start, end) (epoch seconds), each clipped to the range. A day runs
    from local midnight to local midnight: 23 or 25 hours on DST changes."""
    days = []
    for day, begin, after in days_between(utc_at(start), utc_at(end), zone):
        lo, hi = max(int(begin.timestamp()), start), min(int(after.timestamp()), end)
        if hi > lo:
            days.append(Day(day, _week(day, week_start), lo, hi))
    return days


class Proj:
    """A project row's effective project (the survivor of merges), that project's client
    (the survivor of merges) and rounding rule."""

    __slots__ = ("cid", "pid", "rule")

    def __init__(self, pid: int, cid: int | None, rule: Rounding) -> None:
        self.pid, self.cid, self.rule = pid, cid, rule


class Scope:
    """Which entries a query looks at: a range, and optionally some projects only (raw
    project ids, merged ones included), and a condition on the entry ``te`` (its own SQL,
    literals inlined: a plan measure's cards and tags)."""

    __slots__ = ("billable_only", "end", "project_ids", "start", "where")

    def __init__(self, start: int, end: int, project_ids: tuple[int, ...] | None = None,
                 billable_only: bool = False, where: str = "") -> None:
        self.start, self.end = start, end
        self.project_ids, self.billable_only = project_ids, billable_only
        self.where = where


_PROJECTS = """
SELECT p.id, p.merged_into_id, p.round_minutes, p.round_mode, p.round_scope,
       ec.id, ec.round_minutes, ec.round_mode, ec.round_scope
FROM project p
LEFT JOIN client c ON c.id = p.client_id
LEFT JOIN client ec ON ec.id = COALESCE(c.merged_into_id, c.id)"""


def project_map(cur: Any, dialect: Dialect, default: Rounding) -> dict[int, Proj]:
    """Every project row (merged ones too) -> its effective project, that project's client
    and rounding rule (resolved as ``rounding_for`` does: project, client, default)."""
    cur.execute(dialect.sql(_PROJECTS))
    rows = cur.fetchall()
    own = {}
    for pid, _merged, minutes, mode, scope, cid, c_minutes, c_mode, c_scope in rows:
        rule = (from_columns(minutes, mode, scope) or from_columns(c_minutes, c_mode, c_scope)
                or default)
        own[pid] = Proj(pid, cid, rule)
    # Merges keep chains flat: merged_into always names a live project.
    return {pid: own.get(merged or pid, own[pid]) for pid, merged, *_ in rows}


def entry_bounds(cur: Any, dialect: Dialect) -> tuple[int | None, int]:
    """The first entry's start (None without entries) and the last end (0 without one):
    both from indexes."""
    cur.execute(dialect.sql("SELECT MIN(start_utc) FROM time_entry"))
    first = cur.fetchone()[0]
    cur.execute(dialect.sql("SELECT MAX(end_utc) FROM time_entry"))
    last = cur.fetchone()[0]
    return (None if first is None else int(first)), (0 if last is None else int(last))


def report(cur: Any, dialect: Dialect, prefs: Prefs, now: int, start: int, end: int,
           keys: tuple[str, ...], projects: dict[int, Proj], *,
           project_ids: tuple[int, ...] | None = None,
           billable_only: bool = False) -> rec.Report:
    """Time in [start, end) (epoch seconds, end > start) grouped by ``keys``; lines sorted by
    those keys, one total per currency. ``projects``: :func:`project_map`, narrowed to the
    projects asked for (then ``project_ids`` names them)."""
    from fcc.store import records as rec

    lines = report_lines(cur, dialect, prefs, now, Scope(start, end, project_ids, billable_only),
                         keys, projects)
    return rec.Report(start=utc_at(start), end=utc_at(end), by=keys, lines=tuple(lines),
                      totals=totals(lines), zone=prefs.zone)


def report_lines(cur: Any, dialect: Dialect, prefs: Prefs, now: int, scope: Scope,
                 keys: tuple[str, ...], projects: dict[int, Proj]) -> list[rec.ReportLine]:
    rows = report_rows(cur, dialect, prefs, now, scope, keys, projects)
    return named_lines(cur, dialect, rows, keys, projects) if rows else []


def report_rows(cur: Any, dialect: Dialect, prefs: Prefs, now: int, scope: Scope,
                keys: tuple[str, ...], projects: dict[int, Proj]) -> list[Any]:
    """The report's rows before naming: ``keys``' values (a project's and a card's id, a
    day's or week's ordinal, a month as YYYYMM), then currency, seconds, billed seconds and
    cents."""
    first, last_end = entry_bounds(cur, dialect)
    if first is None or not projects:
        return []
    # Only the span that holds entries needs day rows.
    lo, hi = max(scope.start, first), min(scope.end, max(now, last_end))
    days = local_days(lo, hi, prefs.zone, prefs.week_start)
    if not days:
        return []
    sql, params = report_sql(
        days, projects, scope, keys, now=now, currency=prefs.currency, default=prefs.rounding,
        postgres=dialect.postgres, early_by_end=(hi - days[0].lo) < (days[0].lo - first))
    if dialect.postgres:
        # The planner cannot know how few entries a day holds; its estimates would make it
        # compile the statement (JIT), which costs more than running it. (The caller holds
        # the transaction this setting lasts for.)
        cur.execute("SET LOCAL jit = off")
    cur.execute(dialect.sql(sql), params)
    return list(cur.fetchall())


def _names(cur: Any, dialect: Dialect, table: str, column: str, ids: set[Any]) -> dict[Any, Any]:
    if not ids:
        return {}
    cur.execute(dialect.sql(f"SELECT id, {column} FROM {table} WHERE id IN ({_ints(ids)})"))
    return dict(cur.fetchall())


def named_lines(cur: Any, dialect: Dialect, rows: list[Any], keys: tuple[str, ...],
                projects: dict[int, Proj]) -> list[rec.ReportLine]:
    from fcc.store import records as rec

    values = [dict(zip(keys, row, strict=False)) for row in rows]
    client_of = {p.pid: p.cid for p in projects.values()}
    pids = {v["project"] for v in values} if "project" in keys else set()
    cids = {v.get("client") for v in values} | {client_of.get(p) for p in pids}
    cards = {v.get("card") for v in values} - {None, 0}
    cids.discard(None)
    pnames = _names(cur, dialect, "project", "name", pids)
    cnames = _names(cur, dialect, "client", "name", cids)
    titles = _names(cur, dialect, "work_item", "title", cards)
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
        if "rate" in keys:
            rate = value["rate"]
            fields["rate"] = None if rate is None else (Decimal(int(rate)) / 100).quantize(CENT)
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
    if key == "rate":
        return (line.rate is None, line.rate or 0)
    return getattr(line, key)


def totals(lines: list[rec.ReportLine]) -> tuple[rec.ReportTotal, ...]:
    from fcc.store import records as rec

    sums: dict[str, list[Any]] = {}
    for line in lines:
        acc = sums.setdefault(line.currency, [0, 0, Decimal("0.00")])
        acc[0] += line.seconds
        acc[1] += line.billed_seconds
        acc[2] += line.amount
    return tuple(rec.ReportTotal(currency=c, seconds=s, billed_seconds=b, amount=a)
                 for c, (s, b, a) in sorted(sums.items()))


def report_sql(days: list[Day], projects: dict[int, Proj], scope: Scope,
                keys: tuple[str, ...], *, now: int, currency: str, default: Rounding,
                postgres: bool, early_by_end: bool) -> tuple[str, list[Any]]:
    """One statement: day rows as VALUES, then pieces -> cells -> lines.

    Pieces come from two index range scans per day (entries starting that day; those of them
    running past midnight) plus the few entries that began before the range. Reading the
    index twice is cheaper than materializing the first scan for reuse.

    Project facts (merges, clients, rounding rules) are inlined as CASE expressions that list
    only the exceptions, so no per-row join is needed. Ints are ours and inlined; the only
    parameter is the default currency (a ``?``: run it through ``Dialect.sql``).
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
    if scope.where:
        where += f" AND ({scope.where})"
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
                "day": "di", "week": "wk", "month": "mo", "rate": "rc"}
    # The rate in cents, only when lines are split by it (it costs every piece a column).
    rc = f", {rate_cents} AS rc" if "rate" in keys else ""
    select_keys = "".join(f"{key_cols[k]}, " for k in keys)
    group = ", ".join(str(i + 1) for i in range(len(keys) + 1))
    cur = "COALESCE(currency, ?)"
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
  SELECT c.pid, c.card, c.currency, c.sec, c.wk, c.mo, c.di{rc},
         CASE WHEN NOT c.billable THEN 0 WHEN {in_day} THEN {day_billed}
              ELSE c.entry_billed END AS billed,
         CASE WHEN NOT c.billable OR c.rate IS NULL THEN 0 WHEN {in_day} THEN {day_cents}
              ELSE c.entry_cents END AS cents
  FROM cells c
)"""
    else:  # every cell is one piece
        cells = f"""priced AS (
  SELECT p.pid, p.card, {cur} AS currency, p.sec, p.wk, p.mo, p.di{rc},
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

