"""Measures' actuals: typed values, or computed from tracked hours and billed amounts over the
cycle or a week (one set-based query per measure, whatever the size of the time log).

h-pstore's stand-in until h-preview's computed actuals land: typed values only (a computed
measure has no actual yet). The signature is the contract's; h-preview's version replaces this.
"""

from __future__ import annotations

import json
from decimal import Decimal

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.plans.base import PlanBase
from fcc.store.rows import tuples

KIND_ORDER = {"lag": 0, "lead": 1}


class MeasureReadVerbs(PlanBase):
    """_measure_records(goal_ids, cycle): the goals' measures with actuals (contract14.md)."""

    def _measure_records(self, goal_ids: list[int], cycle: t.Cycle
                         ) -> dict[int, tuple[rp.Measure, ...]]:
        if not goal_ids:
            return {}
        rows = list(t.Measure.select().where(t.Measure.goal.in_(goal_ids)))
        values: dict[int, dict[int, Decimal]] = {}
        if rows:
            query = (t.MeasureValue.select(t.MeasureValue.measure_id, t.MeasureValue.week,
                                           t.MeasureValue.value)
                     .where(t.MeasureValue.measure.in_([r.id for r in rows])))
            for measure, week, value in tuples(query):
                values.setdefault(int(measure), {})[int(week)] = Decimal(str(value))
        week = self._week_of(cycle)
        begun = 0 if week is None and self._today() < cycle.start_date else min(week or 12, 12)
        out: dict[int, list[rp.Measure]] = {g: [] for g in goal_ids}
        for row in sorted(rows, key=lambda r: (KIND_ORDER.get(r.kind, 2), r.position, r.id)):
            typed = values.get(row.id, {})
            weeks = tuple(typed.get(w) if w <= begun else None for w in range(1, rp.WEEKS + 1))
            actual = None
            if row.source == "manual":
                actual = typed.get(0) if row.period == "cycle" else typed.get(begun)
            scope = json.loads(row.scope or "{}")
            out[row.goal_id].append(rp.Measure(
                id=row.id, goal_id=row.goal_id, kind=row.kind, name=row.name, unit=row.unit,
                target=None if row.target is None else Decimal(str(row.target)),
                source=row.source, period=row.period, scope=scope,
                scope_label=scope_label(scope), actual=actual, weeks=weeks))
        return {g: tuple(m) for g, m in out.items()}


def scope_label(scope: dict[str, list[object]]) -> str:
    """A scope as users type it: ``client:Acme, project:Acme/Site, card:41, tag:deep``."""
    parts: list[str] = []
    clients = scope.get("clients") or []
    if clients:
        names = dict(tuples(t.Client.select(t.Client.id, t.Client.name)
                            .where(t.Client.id.in_(clients))))
        parts += [f"client:{names.get(c, c)}" for c in clients]
    projects = scope.get("projects") or []
    if projects:
        query = (t.Project.select(t.Project.id, t.Project.name, t.Client.name)
                 .join(t.Client, join_type="LEFT OUTER", on=(t.Client.id == t.Project.client))
                 .where(t.Project.id.in_(projects)))
        labels = {p: f"{c}/{n}" if c else n for p, n, c in tuples(query)}
        parts += [f"project:{labels.get(p, p)}" for p in projects]
    parts += [f"card:{c}" for c in scope.get("cards") or []]
    parts += [f"tag:{g}" for g in scope.get("tags") or []]
    return ", ".join(parts)
