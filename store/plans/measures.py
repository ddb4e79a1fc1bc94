"""Measures' actuals: typed values, or computed from tracked hours and billed amounts over the
cycle or a week, with the statement ``fcc report`` runs (so rounding rules, rates and merges
bill the same) — one for all the scopes of projects and clients, one per scope with cards or
tags, whatever the size of the time log.

A computed measure's scope (stored as JSON ids) narrows the entries: ``projects`` (and the
projects merged into them), ``clients`` (their projects), ``cards``, ``tags`` (an entry's own
tags or its card's). Within a kind any one matches; across kinds all must ("client:Acme,
tag:deep" is Acme's deep work). An empty scope is everything.

``hours`` is time tracked (current entries, billable or not, a running one up to now), in hours
to the cent; ``billed`` is the billed amount in the measure's currency (its unit when that is
a currency code, else ``prefs.currency``). Weeks are the cycle's weeks in the user's zone, from
local midnight to local midnight (a DST week is 167 or 169 hours long).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.money import CENT
from fcc.store.plans.base import PlanBase
from fcc.store.plans.fields import SCOPE_KEYS
from fcc.store.prefs import zone_info
from fcc.store.sql import reports as sql_reports
from fcc.store.sql.boards import as_date
from fcc.store.zones import first_instant

_HOUR = Decimal(3600)


class MeasureReadVerbs(PlanBase):
    """_measure_records(goal_ids, cycle): the goals' measures with actuals (contract14.md)."""

    def _measure_records(self, goal_ids: Iterable[int], cycle: Any
                         ) -> dict[int, tuple[rp.Measure, ...]]:
        """Each goal's measures (lag first, then leads, by position) with their actuals and
        weekly values; goals without one are left out. ``cycle``: the goals' cycle (a row or
        a record: its ``start_date`` is read)."""
        ids = sorted(set(goal_ids))
        if not ids:
            return {}
        rows = list(t.Measure.select().where(t.Measure.goal.in_(ids))
                    .order_by(t.Measure.goal, t.Measure.kind, t.Measure.position, t.Measure.id))
        if not rows:
            return {}
        start = as_date(cycle.start_date)
        days = (self._today() - start).days  # weeks 1-12 begun (0 for a draft)
        started = 0 if days < 0 else min(days // 7 + 1, rp.WEEKS)
        scopes = {row.id: _scope_of(row) for row in rows}
        labels = self._scope_labels(scopes.values())
        typed = self._typed_values([r.id for r in rows if r.source == "manual"])
        computed = self._scope_totals(start, started, [scopes[r.id] for r in rows
                                                        if r.source != "manual"])
        out: dict[int, list[rp.Measure]] = {}
        for row in rows:
            scope = scopes[row.id]
            if row.source == "manual":
                weeks, actual = _typed(typed.get(row.id, {}), row.period, started)
            else:
                totals = computed[_key(scope)]
                weeks, actual = _computed(totals, row, started, self.prefs.currency)
            out.setdefault(row.goal_id, []).append(rp.Measure(
                id=row.id, goal_id=row.goal_id, kind=row.kind, name=row.name, unit=row.unit,
                target=None if row.target is None else Decimal(row.target).quantize(CENT),
                source=row.source, period=row.period, scope=scope,
                scope_label=_label(scope, labels), actual=actual, weeks=weeks))
        return {goal: tuple(measures) for goal, measures in out.items()}

    # --- scopes ----------------------------------------------------------------------------

    def _scope_labels(self, scopes: Iterable[dict[str, list[Any]]]) -> dict[tuple[str, Any], str]:
        """``(key, id)`` -> the name users type, for every client and project the scopes hold
        (two queries)."""
        wanted: dict[str, set[int]] = {"projects": set(), "clients": set()}
        for scope in scopes:
            for key in wanted:
                wanted[key].update(int(v) for v in scope.get(key, []))
        names: dict[tuple[str, Any], str] = {}
        if wanted["clients"]:
            clients: Any = t.Client.select(t.Client.id, t.Client.name).where(
                t.Client.id.in_(sorted(wanted["clients"]))).tuples()
            for cid, name in clients:
                names["clients", cid] = name
        if wanted["projects"]:
            query: Any = (
                t.Project.select(t.Project.id, t.Project.name, t.Client.name)
                .join(t.Client, pw.JOIN.LEFT_OUTER, on=(t.Client.id == t.Project.client))
                .where(t.Project.id.in_(sorted(wanted["projects"]))))
            for pid, name, client in query.tuples():
                names["projects", pid] = f"{client}/{name}" if client else name
        return names

    # --- values ----------------------------------------------------------------------------

    def _typed_values(self, ids: list[int]) -> dict[int, dict[int, Decimal]]:
        out: dict[int, dict[int, Decimal]] = {}
        if not ids:
            return out
        query: Any = (t.MeasureValue.select(t.MeasureValue.measure, t.MeasureValue.week,
                                       t.MeasureValue.value)
                 .where(t.MeasureValue.measure.in_(ids)).tuples())
        for measure, week, value in query:
            out.setdefault(measure, {})[week] = Decimal(value).quantize(CENT)
        return out

    def _scope_totals(self, start: dt.date, started: int, scopes: list[dict[str, list[Any]]]
                      ) -> dict[str, list[dict[str, Decimal]]]:
        """Weeks 1..``started`` of each scope: ``{'seconds': ..., CURRENCY: amount, ...}``.

        A merged project or client stands for its survivor (whose time it now counts, as
        ``merge_project`` and ``merge_client`` say). Scopes of projects and clients share one
        query grouped by project and week, each narrowed here (billing cells are a project's:
        grouping by project splits none); a scope with cards or tags has its own query."""
        out: dict[str, list[dict[str, Decimal]]] = {
            _key(scope): [{} for _ in range(started)] for scope in scopes}
        if not started or not scopes:
            return out
        tz = zone_info(self.prefs.zone)
        lo = int(first_instant(start, tz).timestamp())
        hi = int(first_instant(start + dt.timedelta(weeks=started), tz).timestamp())
        now = int(self.clock.now().timestamp())
        cur = self.db.cursor()
        projects = sql_reports.project_map(cur, self.dialect, self.prefs.rounding)
        survivors: dict[int, int] = {}
        if any(scope.get("clients") for scope in scopes):
            # A merged client's time counts for its survivor (as the projects map has it).
            clients: Any = t.Client.select(t.Client.id, t.Client.merged_into).tuples()
            survivors = {cid: into or cid for cid, into in clients}
        shared: list[tuple[str, dict[str, list[Any]]]] = []
        alone: list[tuple[str, dict[str, list[Any]]]] = []
        for key, scope in {_key(s): s for s in scopes}.items():
            if scope.get("clients"):
                scope = dict(scope, clients=[survivors.get(int(c), int(c))
                                             for c in scope["clients"]])
            if scope.get("projects"):  # a merged project's time counts for its survivor too
                scope = dict(scope, projects=[projects[int(p)].pid if int(p) in projects
                                              else int(p) for p in scope["projects"]])
            own = scope.get("tags") or scope.get("cards")
            (alone if own else shared).append((key, scope))
        # The report's weeks are the cycle's when it starts on the user's week start (it
        # does, unless that setting changed since); else days, summed here into weeks.
        bucket = "week" if start.weekday() == self.prefs.week_start else "day"
        with self._measure_reading():
            if shared:
                rows = sql_reports.report_rows(cur, self.dialect, self.prefs, now,
                                               sql_reports.Scope(lo, hi),
                                               ("project", bucket), projects)
                for key, scope in shared:
                    wanted = _matcher(scope, projects)
                    weeks = out[key]
                    for pid, day, currency, seconds, _billed, cents in rows:
                        if wanted(pid):
                            _add(weeks, start, day, currency, seconds, cents)
            for key, scope in alone:
                pids = _scope_projects(scope, projects)
                if pids is not None and not pids:
                    continue
                query = sql_reports.Scope(lo, hi, None if pids is None else tuple(sorted(pids)),
                                          where=_entry_condition(scope))
                weeks = out[key]
                for day, currency, seconds, _billed, cents in sql_reports.report_rows(
                        cur, self.dialect, self.prefs, now, query, ("day",), projects):
                    _add(weeks, start, day, currency, seconds, cents)
        return out

    def _measure_reading(self) -> Any:
        """PostgreSQL: a transaction for the report's ``SET LOCAL`` (SQLite needs none)."""
        from contextlib import nullcontext

        return self.db.atomic() if self.dialect.postgres else nullcontext()


def _key(scope: dict[str, list[Any]]) -> str:
    return json.dumps(scope, sort_keys=True)


def _add(weeks: list[dict[str, Decimal]], start: dt.date, day: int, currency: str,
         seconds: int, cents: int) -> None:
    """A report row's seconds and cents into its cycle week's totals."""
    week = (dt.date.fromordinal(int(day)) - start).days // 7
    if 0 <= week < len(weeks):
        totals = weeks[week]
        totals["seconds"] = totals.get("seconds", Decimal(0)) + int(seconds)
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(int(cents)) / 100


def _matcher(scope: dict[str, list[Any]], projects: dict[int, sql_reports.Proj]) -> Any:
    """Whether a project's row of the shared query is in ``scope`` (its project is the
    effective one, after merges)."""
    pids = {int(p) for p in scope.get("projects", [])}
    clients = {int(c) for c in scope.get("clients", [])}

    def wanted(pid: int) -> bool:
        if pids and pid not in pids:
            return False
        known = projects.get(pid)
        return not clients or (known is not None and known.cid in clients)

    return wanted


def _scope_of(row: t.Measure) -> dict[str, list[Any]]:
    try:
        scope = json.loads(row.scope or "{}")
    except ValueError:
        return {}
    if not isinstance(scope, dict):
        return {}
    return {key: list(scope[key]) for key in SCOPE_KEYS if scope.get(key)}


def _label(scope: dict[str, list[Any]], names: dict[tuple[str, Any], str]) -> str:
    parts: list[str] = []
    for key, word in (("clients", "client"), ("projects", "project"), ("cards", "card"),
                      ("tags", "tag")):
        for value in scope.get(key, []):
            shown = names.get((key, value), f"#{value}") if key in ("clients", "projects") \
                else value
            parts.append(f"{word}:{shown}")
    return ", ".join(parts)


def _scope_projects(scope: dict[str, list[Any]], projects: dict[int, sql_reports.Proj]
                    ) -> set[int] | None:
    """The raw project ids a scope's projects and clients (survivors of merges) allow, the
    projects merged into them included; None when it names neither."""
    if not scope.get("projects") and not scope.get("clients"):
        return None
    wanted = {int(p) for p in scope.get("projects", [])}
    clients = {int(c) for c in scope.get("clients", [])}
    by_project = {raw for raw, p in projects.items() if p.pid in wanted}
    by_client = {raw for raw, p in projects.items() if p.cid in clients}
    if wanted and clients:
        return by_project & by_client
    return by_project if wanted else by_client


def _entry_condition(scope: dict[str, list[Any]]) -> str:
    """SQL on the entry ``te`` for a scope's cards and tags (literals inlined: ids are ints,
    tags are quoted)."""
    parts: list[str] = []
    cards = [int(c) for c in scope.get("cards", [])]
    if cards:
        parts.append(f"te.work_item_id IN ({', '.join(map(str, sorted(cards)))})")
    tags = scope.get("tags", [])
    if tags:
        likes = " OR ".join(f"lower({{col}}) LIKE {_like(tag)} ESCAPE '!'" for tag in tags)
        parts.append(f"({likes.format(col='te.tags')} OR te.work_item_id IN "
                     f"(SELECT wi.id FROM work_item wi WHERE {likes.format(col='wi.tags')}))")
    return " AND ".join(parts)


def _like(tag: str) -> str:
    """A quoted LIKE pattern finding ``tag`` in a JSON array text (as the store writes it:
    ``json.dumps``, non-ASCII escaped), ASCII case folded on both sides."""
    text = json.dumps(str(tag)).lower()
    text = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return "'%" + text.replace("'", "''") + "%'"


def _typed(values: dict[int, Decimal], period: str, started: int
           ) -> tuple[tuple[Decimal | None, ...], Decimal | None]:
    # Like computed ones, weeks not begun show nothing (a value typed ahead waits for its week).
    weeks = tuple(values.get(w) if w <= started else None for w in range(1, rp.WEEKS + 1))
    if period == "week":
        return weeks, values.get(started) if started else None
    if 0 in values:
        return weeks, values[0]
    typed = [v for v in weeks if v is not None]
    return weeks, sum(typed, Decimal(0)).quantize(CENT) if typed else None


def _computed(totals: list[dict[str, Decimal]], row: t.Measure, started: int, default: str
              ) -> tuple[tuple[Decimal | None, ...], Decimal | None]:
    if row.source == "hours":
        values = [(w.get("seconds", Decimal(0)) / _HOUR).quantize(CENT, ROUND_HALF_UP)
                  for w in totals]
    else:
        unit = (row.unit or "").strip().upper()
        currency = unit if len(unit) == 3 and unit.isalpha() else default
        values = [w.get(currency, Decimal(0)).quantize(CENT) for w in totals]
    weeks = tuple(values) + (None,) * (rp.WEEKS - len(values))
    if not started:
        return weeks, None
    actual = values[started - 1] if row.period == "week" else sum(values, Decimal(0))
    return weeks, actual.quantize(CENT)
