"""The demo's 12-week year tells a consistent story: the rows are what the plan verbs would have
written (quotas follow the items until a week ends or locks, recommits chain, the lock is
permanent), and it shows every part of the Plan pane."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import PlanLocked
from fcc.store.plans.base import week_score
from tests.store.test_demo import seeded


def week_end(cycle: t.Cycle, week: int, store) -> dt.datetime:
    """The first instant after ``week`` in the user's zone."""
    day = cycle.start_date + dt.timedelta(weeks=week)
    return dt.datetime.combine(day, dt.time(), store.prefs.tz).astimezone(dt.UTC)


def test_quotas_are_what_the_verbs_kept(target):
    """A week's quota is its items at the end of the week (weeks 7-12: at the lock) less those
    dropped by then: adds raise it, drops lower it, until the week ends or locks."""
    with seeded(target) as (store, _summary):
        cycle = t.Cycle.get()
        for plan in t.WeeklyPlan.select().where(t.WeeklyPlan.cycle == cycle.id):
            frozen = (cycle.midpoint_locked_at if plan.week > rp.MIDPOINT_WEEK
                      else week_end(cycle, plan.week, store))
            counted = [i for i in plan.items if i.created_at < frozen
                       and (i.dropped_at is None or i.dropped_at >= frozen)]
            assert plan.quota == len(counted), plan.week
        # Weeks 7 and 8 got items after the lock: more items than their quota.
        by_week = {p.week: p for p in t.WeeklyPlan.select()}
        assert by_week[7].items.count() > by_week[7].quota
        assert by_week[8].items.count() > by_week[8].quota


def test_scores_above_and_below_the_bar(target):
    with seeded(target) as (_store, _summary):
        scores = {p.week: p.score for p in t.WeeklyPlan.select() if p.week <= 7}
        assert any(s >= rp.BAR for s in scores.values())
        assert any(s < rp.BAR for s in scores.values())
        assert scores[1] == Decimal(100)


def test_recommits_break_downs_and_drops(target):
    with seeded(target) as (store, _summary):
        pi, wp = t.PlanItem, t.WeeklyPlan
        week_of = {p.id: p.week for p in wp.select()}
        items = {i.id: i for i in pi.select()}
        for item in items.values():
            if item.origin_id is None:
                assert item.origin_kind is None and item.rolled_over == 0
                continue
            origin = items[item.origin_id]
            # From the week before, decided in its review (after it ended): never done.
            assert week_of[item.weekly_plan_id] == week_of[origin.weekly_plan_id] + 1
            assert not origin.done and origin.dropped_at is None
            assert origin.created_at < item.created_at
            assert (item.goal_id, item.work_item_id) == (origin.goal_id, origin.work_item_id)
            if item.origin_kind == "recommit":
                assert item.title == origin.title and item.tactic_id == origin.tactic_id
                assert item.rolled_over == origin.rolled_over + 1
            else:
                assert item.origin_kind == "breakdown" and item.rolled_over == 0
        # One item rolled three times (flagged), still open in this week, the chain intact.
        [flagged] = [i for i in items.values() if i.rolled_over >= rp.ROLLED_FLAG]
        assert week_of[flagged.weekly_plan_id] == 8 and not flagged.done
        chain = [flagged]
        while chain[-1].origin_id is not None:
            chain.append(items[chain[-1].origin_id])
        assert [week_of[i.weekly_plan_id] for i in chain] == [8, 7, 6, 5]
        assert flagged.work_item.title == "Quarterly VAT return"
        # Dropped items carry a reason; one was dropped mid-week, the others in a review.
        dropped = [i for i in items.values() if i.dropped_at is not None]
        assert len(dropped) >= 3 and all(i.drop_reason.strip() for i in dropped)
        assert all(not i.done for i in dropped)
        assert any(i.dropped_at < week_end(t.Cycle.get(), week_of[i.weekly_plan_id], store)
                   for i in dropped)
        # Every unfinished item of a reviewed week was decided on (nothing left open).
        for item in items.values():
            if week_of[item.weekly_plan_id] <= 7 and not item.done:
                assert item.dropped_at is not None or item.successors.count(), item.title
        assert any(i.origin_kind == "breakdown" for i in items.values())


def test_goals_measures_and_tactics(target):
    with seeded(target) as (_store, _summary):
        [vision] = t.Vision.select()
        assert vision.three_year and vision.body and t.Cycle.get().vision_id == vision.id
        goals = {g.kind: g for g in t.Goal.select()}
        assert set(goals) == {"business", "personal"}
        measures = list(t.Measure.select())
        by_source = {m.source: m for m in measures}
        nordlicht = t.Client.get(t.Client.name == "Nordlicht Studio GmbH")
        billed, hours = by_source["billed"], by_source["hours"]
        assert (billed.kind, billed.period, billed.unit) == ("lag", "cycle", nordlicht.currency)
        assert (hours.kind, hours.period, hours.unit) == ("lead", "week", "h")
        for bound in (billed, hours):
            assert json.loads(bound.scope) == {"clients": [nordlicht.id]}
        # Typed ones: weekly values for the weeks so far, a cycle value for the lag.
        typed = {m.name: {v.week: v.value for v in m.values}
                 for m in measures if m.source == "manual"}
        assert typed["Training runs"].keys() == set(range(1, 9))
        assert typed["Longest run"] == {0: Decimal(17)}
        for goal in goals.values():
            kinds = [m.kind for m in goal.measures.order_by(t.Measure.position)]
            assert kinds[0] == "lag" and set(kinds[1:]) == {"lead"}
        # Tactics: one on a card; each has an item in every week of its range.
        tactics = list(t.Tactic.select())
        assert any(tc.work_item_id for tc in tactics)
        for tactic in tactics:
            weeks = sorted({i.weekly_plan.week for i in tactic.plan_items
                            if i.origin_kind is None})
            assert weeks == list(range(tactic.first_week, tactic.last_week + 1)), tactic.title
            assert all(i.work_item_id == tactic.work_item_id for i in tactic.plan_items)


def test_journal_and_reviews(target):
    with seeded(target) as (store, _summary):
        now = store.clock.now()
        sessions = {s.week: s for s in t.JournalSession.select()}
        assert set(sessions) == set(range(1, 9))
        for plan in t.WeeklyPlan.select().where(t.WeeklyPlan.reviewed_at.is_null(False)):
            [message] = sessions[plan.week].messages.where(t.JournalMessage.kind == "review")
            assert (message.body, message.at) == (plan.review, plan.reviewed_at)
        for session in sessions.values():
            messages = list(session.messages)
            assert session.created_at == min(m.at for m in messages)
            assert all(m.at <= now and m.zone == store.prefs.zone for m in messages)
        assert t.JournalMessage.select().where(t.JournalMessage.kind == "note").count() >= 8


@pytest.mark.parametrize("column, value", [("quota", 1), ("locked", False)])
def test_the_lock_holds_in_the_demo(target, column, value):
    """The seed set the lock through the cycle row, so 0005's triggers guard weeks 7-12
    (raw SQL, both backends)."""
    with seeded(target) as (store, _summary):
        plan = t.WeeklyPlan.get(t.WeeklyPlan.week == 9)
        ph = store.db.param
        with pytest.raises(Exception, match="locked"), store.db.atomic():
            store.db.execute_sql(f"UPDATE weekly_plan SET {column} = {ph} WHERE id = {ph}",
                                 (value, plan.id))
        assert t.WeeklyPlan.get_by_id(plan.id).quota == plan.quota


def test_the_store_reads_what_the_seed_wrote(target):
    """The stored scores are the store's own, and its verbs carry on from the demo's state."""
    with seeded(target) as (store, _summary):
        plans = list(t.WeeklyPlan.select().order_by(t.WeeklyPlan.week))
        scores = store.scores()
        assert [(w.week, w.quota, w.done, w.score, w.locked) for w in scores.weeks] == [
            (p.week, p.quota, sum(1 for i in p.items if i.done), p.score, p.locked)
            for p in plans]
        assert [w.reviewed for w in scores.weeks] == [w <= 7 for w in range(1, 13)]
        assert [w.started for w in scores.weeks] == [w <= 8 for w in range(1, 13)]
        started = [w.score for w in scores.weeks if w.started]
        assert scores.cycle == (sum(started, Decimal(0)) / len(started)).quantize(Decimal("0.01"))
        assert all(score is not None for _kind, _id, score in scores.goals)
        # This week is locked: a new item leaves the quota, a check moves the score.
        week = store.week_plan()
        assert (week.week, week.locked, week.quota) == (8, True, 6)
        store.add_item("One more thing")
        assert store.week_plan().quota == 6
        todo = next(i for i in week.items if not i.done)
        assert store.check_item(todo.id).done
        assert store.week_plan().score == week_score(6, week.done + 1)
        with pytest.raises(PlanLocked):
            store.set_quota(9, 3)
