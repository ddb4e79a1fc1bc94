"""Migration 0005's data: each goal's lag and lead columns (version 4) become measure rows and a
typed lag actual its cycle value (version 5); ``down`` to 4 copies each goal's first lag and
lead measure back. On both backends, through raw SQL (the live models know version 5 only)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from fcc.store.api import Store
from tests.store.helpers import q

T0 = 1_795_000_000


def num(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def at_version(target, clock, version: int) -> None:
    with Store.open(target, clock, migrate=False) as s:
        s.migrator().upgrade(to=version)


def migrate(target, clock, to: int) -> None:
    with Store.open(target, clock, migrate=False) as s:
        if to >= s.migrator().status().current:
            s.migrator().upgrade(to=to)
        else:
            s.migrator().downgrade(to=to)


def add_cycle(target, start: str = "2026-11-02", locked_at: int | None = None) -> int:
    return q(target, "INSERT INTO cycle (uuid, name, start_date, midpoint_locked_at, created_at) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id",
             (str(uuid.uuid4()), f"from {start}", start, locked_at, T0))[0][0]


def add_goal_v4(target, cycle: int, kind: str, *, lag: str = "", lag_target=None,
                lag_actual=None, lead: str = "", lead_target=None, created: int = T0) -> int:
    return q(target, "INSERT INTO goal (uuid, cycle_id, kind, title, why, lag_measure, "
                     "lag_target, lag_actual, lead_measure, lead_target, created_at) "
                     "VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?) RETURNING id",
             (str(uuid.uuid4()), cycle, kind, f"{kind} goal", lag, lag_target, lag_actual, lead,
              lead_target, created))[0][0]


def measures(target) -> list[tuple]:
    rows = q(target, "SELECT goal_id, kind, name, target, unit, source, period, scope, position, "
                     "created_at FROM measure ORDER BY goal_id, position, id")
    return [(g, k, n, num(tg), u, s, p, sc, pos, c) for g, k, n, tg, u, s, p, sc, pos, c in rows]


def goal_columns(target) -> list[tuple]:
    rows = q(target, "SELECT id, lag_measure, lag_target, lag_actual, lead_measure, lead_target "
                     "FROM goal ORDER BY id")
    return [(i, lm, num(lt), num(la), dm, num(dt)) for i, lm, lt, la, dm, dt in rows]


def test_goal_columns_become_measures(target, clock):
    at_version(target, clock, 4)
    cycle = add_cycle(target)
    other = add_cycle(target, "2027-02-01")
    full = add_goal_v4(target, cycle, "business", lag="Billed revenue", lag_target="12000",
                       lag_actual="3500.50", lead="Sales calls", lead_target="5", created=T0 + 7)
    lag_only = add_goal_v4(target, cycle, "personal", lag="Half marathon (min)")
    unnamed = add_goal_v4(target, other, "business", lag_target="40", lead_target="2")
    bare = add_goal_v4(target, other, "personal")
    migrate(target, clock, 5)
    assert measures(target) == [
        (full, "lag", "Billed revenue", Decimal("12000.00"), "", "manual", "cycle", "{}", 0,
         T0 + 7),
        (full, "lead", "Sales calls", Decimal("5.00"), "", "manual", "week", "{}", 1, T0 + 7),
        (lag_only, "lag", "Half marathon (min)", None, "", "manual", "cycle", "{}", 0, T0),
        (unnamed, "lag", "Result", Decimal("40.00"), "", "manual", "cycle", "{}", 0, T0),
        (unnamed, "lead", "Actions", Decimal("2.00"), "", "manual", "week", "{}", 1, T0),
    ]
    assert not [m for m in measures(target) if m[0] == bare]
    values = q(target, "SELECT m.goal_id, v.week, v.value, v.recorded_at FROM measure_value v "
                       "JOIN measure m ON m.id = v.measure_id")
    assert [(g, w, num(v), at) for g, w, v, at in values] == [
        (full, 0, Decimal("3500.50"), T0 + 7)]
    with Store.open(target, clock) as s:
        names = {c.name for c in s.db.get_columns("goal", target.schema)}
    assert not names & {"lag_measure", "lag_target", "lag_actual", "lead_measure", "lead_target"}


def test_down_copies_the_first_lag_and_lead_back(target, clock):
    at_version(target, clock, 5)
    cycle = add_cycle(target)
    g1 = q(target, "INSERT INTO goal (uuid, cycle_id, kind, title, why, created_at) "
                   "VALUES (?, ?, 'business', 'Grow', '', ?) RETURNING id",
           (str(uuid.uuid4()), cycle, T0))[0][0]
    g2 = q(target, "INSERT INTO goal (uuid, cycle_id, kind, title, why, created_at) "
                   "VALUES (?, ?, 'personal', 'Run', '', ?) RETURNING id",
           (str(uuid.uuid4()), cycle, T0))[0][0]

    def measure(goal: int, kind: str, name: str, target_: str | None, position: int,
                source: str = "manual", scope: str = "{}") -> int:
        return q(target, "INSERT INTO measure (uuid, goal_id, kind, name, unit, target, source, "
                         "period, scope, position, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, '', ?, ?, 'cycle', ?, ?, ?, ?) RETURNING id",
                 (str(uuid.uuid4()), goal, kind, name, target_, source, scope, position, T0,
                  T0))[0][0]

    def value(measure_id: int, week: int, amount: str) -> None:
        q(target, "INSERT INTO measure_value (uuid, measure_id, week, value, recorded_at) "
                  "VALUES (?, ?, ?, ?, ?)", (str(uuid.uuid4()), measure_id, week, amount, T0))

    second_lag = measure(g1, "lag", "Profit", "4000", 2)
    first_lag = measure(g1, "lag", "Billed revenue", "12000", 0, "billed", '{"clients": [1]}')
    measure(g1, "lead", "Client hours", "25", 1, "hours")
    measure(g1, "lead", "Calls", "5", 3)
    value(first_lag, 3, "900")  # a week's value: lost
    value(second_lag, 0, "1500")  # the second lag's: lost with it
    runs = measure(g2, "lag", "Runs", None, 0)
    value(runs, 0, "14")
    migrate(target, clock, 4)
    assert goal_columns(target) == [
        (g1, "Billed revenue", Decimal("12000.00"), None, "Client hours", Decimal("25.00")),
        (g2, "Runs", None, Decimal("14.00"), "", None),
    ]
    tables = {r[0] for r in q(target, "SELECT name FROM sqlite_master WHERE type = 'table'")} \
        if target.backend == "sqlite" else {r[0] for r in q(
            target, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            (target.schema,))}
    assert not tables & {"measure", "measure_value", "journal_session", "journal_message"}


def test_up_down_up_keeps_the_typed_measures(target, clock):
    at_version(target, clock, 4)
    cycle = add_cycle(target)
    goal = add_goal_v4(target, cycle, "business", lag="Revenue", lag_target="9000.25",
                       lag_actual="120", lead="Calls", lead_target="4")
    migrate(target, clock, 5)
    first = measures(target)
    migrate(target, clock, 4)
    assert goal_columns(target) == [(goal, "Revenue", Decimal("9000.25"), Decimal("120.00"),
                                     "Calls", Decimal("4.00"))]
    migrate(target, clock, 5)
    assert measures(target) == first


@pytest.mark.parametrize("locked", [False, True])
def test_a_cycle_locked_before_0005_keeps_working(target, clock, locked):
    # A cycle whose midpoint was set at version 4 (nothing enforced it then): after 0005 its
    # weeks 7-12 are locked, and their scores and reviews can still be written.
    at_version(target, clock, 4)
    cycle = add_cycle(target, locked_at=T0 if locked else None)
    for week in range(1, 13):
        q(target, "INSERT INTO weekly_plan (uuid, cycle_id, week, quota, locked, review) "
                  "VALUES (?, ?, ?, 2, FALSE, '')", (str(uuid.uuid4()), cycle, week))
    migrate(target, clock, 5)
    rows = q(target, "SELECT week, locked FROM weekly_plan WHERE cycle_id = ? ORDER BY week",
             (cycle,))
    assert [w for w, lk in rows if lk] == (list(range(7, 13)) if locked else [])
    q(target, "UPDATE weekly_plan SET score = 50, review = 'ok' WHERE cycle_id = ? AND week = 9",
      (cycle,))
    if locked:
        with pytest.raises(Exception, match="locked"):
            q(target, "UPDATE weekly_plan SET quota = 3 WHERE cycle_id = ? AND week = 9",
              (cycle,))
