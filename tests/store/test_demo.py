"""The demo seed: plausible, consistent with the database's rules, and identical run to run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.demo import DemoSummary, seed_demo
from fcc.store.errors import FccError
from fcc.store.plans.base import week_score
from fcc.store.target import Target, resolve_target
from tests.conftest import pg_url
from tests.store.demo_billing_checks import check_billing

FROZEN_AT = "2026-11-23T10:30:00+00:00"  # a Monday morning in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@contextmanager
def seeded(target: Target, at: str = FROZEN_AT, settings: dict[str, str] | None = None
           ) -> Iterator[tuple[Store, DemoSummary]]:
    """A freshly migrated store with the demo in it; closed afterwards (one store at a time)."""
    store = Store.open(target, FrozenClock(at))
    try:
        for key, value in (settings or {}).items():
            store.set_setting(key, value)
        yield store, seed_demo(store)
    finally:
        store.close()


def sqlite_target(tmp_path, name: str = "demo.db") -> Target:
    return resolve_target(str(tmp_path / name), environ={})


def scalar(store: Store, sql: str) -> int:
    return store.db.execute_sql(sql).fetchone()[0]


def rows_by_table(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows as stored, ordered by primary key."""
    out = {}
    for model in t.ALL_TABLES:
        name, pk = model._meta.table_name, model._meta.primary_key.column_name
        out[name] = store.db.execute_sql(f'SELECT * FROM "{name}" ORDER BY "{pk}"').fetchall()
    return out


def values_by_table() -> dict[str, list[tuple]]:
    """Every table's rows as Python values (UUID, Decimal, date...): comparable across backends."""
    return {m._meta.table_name: list(m.select().order_by(m._meta.primary_key).tuples())
            for m in t.ALL_TABLES}


def check_invariants(store: Store) -> None:
    """What must hold whatever the clock says."""
    now = store.clock.now()
    today = now.date()
    entries = list(t.TimeEntry.select().order_by(t.TimeEntry.start_utc, t.TimeEntry.id))

    # One timer runs: started 40 minutes ago, on a work item that is in progress.
    assert scalar(store, "SELECT count(*) FROM active_timers") == 1
    [running] = [e for e in entries if e.end_utc is None]
    assert running.start_utc == now - dt.timedelta(minutes=40)
    assert running.work_item.column.name == "In progress"
    assert running.project_id == running.work_item.project_id

    # Nothing starts or ends in the future; no two current entries overlap.
    for e in entries:
        assert e.start_utc <= now
        assert e.end_utc is None or e.start_utc <= e.end_utc <= now
    current = [e for e in entries if e.voided_at is None and e.superseded_by_id is None]
    for before, after in zip(current, current[1:], strict=False):
        assert (before.end_utc or now) <= after.start_utc, (before.id, after.id)

    # Finished entries sit inside a Berlin working day, 15 minutes to 3 hours long,
    # whichever side of a DST change they fall on.
    for e in entries:
        if e.end_utc is None:
            continue
        start, end = e.start_utc.astimezone(BERLIN), e.end_utc.astimezone(BERLIN)
        assert start.date() == end.date() and start.weekday() < 5
        assert dt.time(8) <= start.time() and end.time() <= dt.time(18, 30), (start, end)
        assert dt.timedelta(minutes=15) <= end - start <= dt.timedelta(hours=3)
        assert e.zone == "Europe/Berlin"

    # The 12-week cycle: started on the user's week start, today is in week 8, weeks 7-12
    # locked since week 6's review; each week's score is the score rule on its quota.
    cycle = t.Cycle.get()
    assert cycle.start_date.weekday() == store.prefs.week_start
    assert (store._today() - cycle.start_date).days // 7 + 1 == 8
    plans = list(t.WeeklyPlan.select().order_by(t.WeeklyPlan.week))
    assert [p.week for p in plans] == list(range(1, 13))
    assert [p.week for p in plans if p.locked] == list(range(7, 13))
    assert [p.week for p in plans if p.reviewed_at is not None] == list(range(1, 8))
    # week 6 was reviewed on week 7's Monday: locked since that day began (when it fell due)
    week_7 = dt.datetime.combine(cycle.start_date + dt.timedelta(weeks=6), dt.time(),
                                 store.prefs.tz).astimezone(dt.UTC)
    assert cycle.midpoint_locked_at == min(plans[5].reviewed_at, week_7) <= now
    for plan in plans:
        items = list(plan.items)
        done = sum(1 for i in items if i.done)
        assert plan.score == week_score(plan.quota, done), plan.week
        assert plan.quota > 0 and len(items) >= plan.quota
        assert all(i.done_at is None or i.created_at <= i.done_at <= now for i in items)
        assert all(not (i.done and i.dropped_at) for i in items)
        if plan.week > 8:
            assert done == 0 and all(i.tactic_id for i in items)  # planned from the tactics
    # Exactly one active sprint, and it contains today.
    [active] = t.Sprint.select().where(t.Sprint.status == "active")
    assert active.start_date <= today <= active.end_date

    check_billing(store)

    # Every instant the seed wrote is in the past.
    for model, field in ((t.WorkItem, "updated_at"), (t.Comment, "created_at"),
                         (t.Activity, "at"), (t.Approval, "decided_at"),
                         (t.Invoice, "issued_at"), (t.Invoice, "voided_at")):
        column = getattr(model, field)
        assert not model.select().where(column > now).exists(), model


def test_seed_fills_every_area(tmp_path):
    target = sqlite_target(tmp_path)
    with seeded(target) as (store, summary):
        assert summary.work_items == t.WorkItem.select().count()
        assert 35 <= summary.work_items <= 45
        assert summary.clients == 3 and summary.projects == 5 and summary.sprints == 3
        assert summary.boards == 1 == t.Board.select().count()
        assert summary.dependencies == t.Dependency.select().count()
        assert summary.comments == t.Comment.select().count()
        assert summary.weekly_plans == 12 and summary.goals == 2
        assert summary.measures == t.Measure.select().count() == 5
        assert summary.tactics == t.Tactic.select().count() == 8
        assert summary.journal_notes == t.JournalMessage.select().count()
        assert 8 <= summary.comments <= 12
        assert 60 <= summary.time_entries <= 130
        for field in dataclasses.fields(summary):
            assert getattr(summary, field.name) > 0, field.name
        assert summary.time_entries == t.TimeEntry.select().count()
        assert summary.activities == t.Activity.select().count()
        assert summary.plan_items == t.PlanItem.select().count()

        assert {c.currency for c in t.Client.select()} == {"EUR", "USD", "GBP"}
        assert t.Client.select().where(t.Client.round_minutes == 15).count() == 1
        assert t.Project.select().where(t.Project.client.is_null()).count() == 1
        assert t.Project.select().where(t.Project.budget_hours.is_null(False)).exists()
        assert t.Project.select().where(t.Project.hourly_rate.is_null(False)).exists()
        main = t.Board.get(t.Board.name == "Client work")
        assert [c.name for c in t.BoardColumn.select().where(t.BoardColumn.board == main.id)
                .order_by(t.BoardColumn.position)] == [
            "Backlog", "Todo", "In progress", "Review", "Done"]
        assert 1 <= t.WorkItem.select().where(t.WorkItem.deleted_at.is_null(False)).count() <= 2
        assert 1 <= t.WorkItem.select().where(t.WorkItem.archived).count() <= 2
        assert {i.type for i in t.WorkItem.select()} == {"epic", "story", "task", "bug"}
        assert t.Dependency.select().count() >= 3
        assert {a.status for a in t.Approval.select()} == {
            "approved", "pending", "rejected", "withdrawn"}
        assert summary.approvals == t.Approval.select().count() == 5
        assert summary.invoices == t.Invoice.select().count() == 6
        today = store.clock.now().date()
        states = sorted((i.kind, i.status, i.kind == "invoice" and i.status == "issued"
                         and i.due_date < today) for i in t.Invoice.select())
        assert states == [("credit", "issued", False), ("invoice", "draft", False),
                          ("invoice", "issued", False), ("invoice", "issued", True),
                          ("invoice", "paid", False), ("invoice", "void", False)]
        billing = {c.name: (c.tax_rate, c.reverse_charge, c.needs_approval, c.payment_terms)
                   for c in t.Client.select()}
        assert billing == {"Nordlicht Studio GmbH": (Decimal("19.00"), False, True, 14),
                           "Brightwave Labs Inc.": (None, False, False, 7),
                           "Hollis & Finch Ltd": (None, True, False, 30)}
        assert t.SessionState.get(t.SessionState.name == "tui").last_pane == "timers"
        check_invariants(store)


def test_board_is_consistent(tmp_path):
    with seeded(sqlite_target(tmp_path)) as (store, _summary):
        today = store.clock.now().date()
        visible = (t.WorkItem.select().join(t.BoardColumn)
                   .where(t.WorkItem.deleted_at.is_null(), ~t.WorkItem.archived))
        by_column: dict[int, list[int]] = {}
        for item in visible:
            by_column.setdefault(item.column_id, []).append(item.position)
        over = []
        for column in t.BoardColumn.select():
            positions = sorted(by_column.get(column.id, []))
            assert positions == list(range(len(positions))), column.name
            if column.wip_limit is not None and len(positions) > column.wip_limit:
                over.append((column.name, len(positions), column.wip_limit))
        assert over == [("In progress", 3, 2)]  # the demo shows one column over its limit
        overdue = visible.where(t.WorkItem.due_date < today, ~t.BoardColumn.is_done)
        assert overdue.count() >= 2
        for item in t.WorkItem.select().where(t.WorkItem.parent.is_null(False)):
            assert item.parent.type == "epic" and item.parent.project_id == item.project_id


def test_the_board_shows_tags_done_times_and_blocked_cards(tmp_path):
    with seeded(sqlite_target(tmp_path)) as (store, _summary):
        now = store.clock.now()
        wi, col = t.WorkItem, t.BoardColumn
        [board] = t.Board.select()
        assert t.SwimLane.select().where(t.SwimLane.board == board.id).count() == 3
        tagged = [json.loads(c.tags) for c in wi.select()]
        assert sum(1 for tags in tagged if tags) >= 25 and ["frontend", "gdpr"] in tagged
        # done_at: on every card in a done column, none elsewhere; after its creation and its
        # last tracked minute, in the past
        for card in wi.select(wi, col).join(col):
            if not card.column.is_done:
                assert card.done_at is None, card.title
                continue
            assert card.created_at <= card.done_at <= now, card.title
            last = (t.TimeEntry.select(t.TimeEntry.end_utc)
                    .where(t.TimeEntry.work_item == card.id, t.TimeEntry.end_utc.is_null(False))
                    .order_by(t.TimeEntry.end_utc.desc()).first())
            assert last is None or last.end_utc <= card.done_at, card.title
        # Open blockers: cards whose blocker is not done, one of them in progress
        done_ids = {c.id for c in wi.select().join(col).where(col.is_done)}
        blocked = {wi.get_by_id(d.blocked_id).title for d in t.Dependency.select()
                   if d.blocker_id not in done_ids}
        assert {"Guest checkout flow", "Alert thresholds UI", "Order confirmation emails",
                "OpenAPI documentation"} <= blocked
        # Epics with children, some of them done
        epics = list(wi.select().where(wi.type == "epic"))
        assert all(e.children.count() for e in epics)
        assert any(c.done_at for e in epics for c in e.children)


def test_time_entries_snapshot_rates_and_record_history(tmp_path):
    with seeded(sqlite_target(tmp_path)) as (store, _summary):
        for e in t.TimeEntry.select():
            client = e.project.client
            item_rate = e.work_item.hourly_rate if e.work_item else None
            expected = (item_rate or e.project.hourly_rate
                        or (client.hourly_rate if client else None))
            assert e.rate == expected
            assert e.currency == (client.currency if client else "EUR")
            assert e.work_item is None or e.work_item.project_id == e.project_id
            assert e.tags.startswith("[") and e.tags.endswith("]")
        # The correction (the rest are the fresh versions a voided invoice gave its entries)
        [old] = [e for e in t.TimeEntry.select().where(t.TimeEntry.superseded_by.is_null(False))
                 if e.superseded_by.end_utc != e.end_utc]
        new = old.superseded_by
        assert (new.start_utc, new.project_id) == (old.start_utc, old.project_id)
        assert new.id > old.id and new.end_utc < old.end_utc
        assert (old.entry_no, new.entry_no) == (None, old.id)  # one entry, one number
        assert store.entry(old.id).id == new.id and store.entry(new.id).no == old.id
        [void] = t.TimeEntry.select().where(t.TimeEntry.voided_at.is_null(False))
        assert void.void_reason
        # Past Berlin weekdays carry 3 to 6 current entries each.
        local_today = store.clock.now().astimezone(BERLIN).date()
        per_day = Counter(e.start_utc.astimezone(BERLIN).date() for e in t.TimeEntry.select()
                          .where(t.TimeEntry.voided_at.is_null(),
                                 t.TimeEntry.superseded_by.is_null()))
        past = {d: n for d, n in per_day.items() if d < local_today}
        assert len(past) == 19 and all(3 <= n <= 6 for n in past.values()), past


def test_refuses_a_database_with_data(tmp_path):
    with seeded(sqlite_target(tmp_path)) as (store, _summary):
        before = rows_by_table(store)
        with pytest.raises(FccError, match="not empty"):
            seed_demo(store)
        assert rows_by_table(store) == before


def test_foreign_keys_hold(tmp_path):
    with seeded(sqlite_target(tmp_path)) as (store, _summary):
        assert store.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_same_clock_same_rows(tmp_path):
    with seeded(sqlite_target(tmp_path, "a.db")) as (store, _summary):
        first = rows_by_table(store)
    with seeded(sqlite_target(tmp_path, "b.db")) as (store, _summary):
        second = rows_by_table(store)
    assert first == second
    assert first["time_entry"] and first["activity"]


def test_seed_is_quick(tmp_path):
    store = Store.open(sqlite_target(tmp_path), FrozenClock(FROZEN_AT))
    try:
        began = time.perf_counter()
        seed_demo(store)
        assert time.perf_counter() - began < 2.0
    finally:
        store.close()


@pytest.mark.parametrize("at", [
    "2026-11-22T15:00:00+00:00",  # a Sunday
    "2026-03-29T09:00:00+00:00",  # the Sunday Berlin moves to summer time
    "2026-03-31T16:45:00+00:00",  # two days later: the four weeks straddle the change
    "2026-10-26T12:00:00+00:00",  # the Monday after the change back
    "2026-11-23T05:10:00+00:00",  # Monday before work starts
    "2026-11-24T23:50:00+00:00",  # Tuesday in UTC, already Wednesday in Berlin
])
def test_seed_at_other_times(tmp_path, at):
    with seeded(sqlite_target(tmp_path), at) as (store, _summary):
        check_invariants(store)


@pytest.mark.postgres
def test_seed_on_postgres_matches_sqlite(tmp_path):
    url = pg_url()  # skips (with a message) when FCC_TEST_PG_URL is unset
    with seeded(sqlite_target(tmp_path)) as (_store, _summary):
        on_sqlite = values_by_table()
    target = resolve_target(url, workspace="demo_" + uuid.uuid4().hex[:12], environ={})
    store = Store.open(target, FrozenClock(FROZEN_AT))
    try:
        seed_demo(store)
        check_invariants(store)
        assert values_by_table() == on_sqlite
    finally:
        store.db.execute_sql(f'DROP SCHEMA "{target.schema}" CASCADE')
        store.close()
