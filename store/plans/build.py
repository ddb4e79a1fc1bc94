"""Records from plan rows, read set-wise: a cycle, a week's plan with its items, the scores.

Every plan verb (and the review, the journal, the pane's read) builds its records here, so a
cycle's state, a week's "ended" and an item's "handled" mean the same everywhere. Items are read
in a fixed number of queries whatever their count: the items with their week, goal, card and
column joined, whether a later item carries each on, and the time tracked on their cards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.limits import utc_from_epoch
from fcc.store.plans.base import PlanBase, locks_on, review_end, week_score
from fcc.store.plans.measures import MeasureReadVerbs
from fcc.store.rows import tuples
from fcc.store.sql.boards import PG_CURRENT, as_date
from fcc.store.sql.timers import CURRENT
from fcc.store.when import day_start

GOAL_ORDER = {"business": 0, "personal": 1}


def cycle_record(row: t.Cycle, today: dt.date) -> rp.Cycle:
    start = as_date(row.start_date)
    end = start + dt.timedelta(weeks=rp.WEEKS, days=-1)
    last = review_end(start)
    week: int | None = None
    days_left: int | None = None
    if today < start:
        state = "draft"
    elif today <= last:
        state = "current"
        week = (today - start).days // 7 + 1
        days_left = max(0, (end - today).days + 1)
    else:
        state = "past"
    return rp.Cycle(id=row.id, uuid=str(row.uuid), name=row.name, start_date=start,
                    end_date=end, review_end=last, state=state, week=week, days_left=days_left,
                    midpoint_locked_at=utc_from_epoch(row.midpoint_locked_at),
                    locks_on=locks_on(start))


def vision_record(row: t.Vision) -> rp.Vision:
    return rp.Vision(id=row.id, title=row.title, body=row.body, three_year=row.three_year,
                     horizon_years=row.horizon_years, updated_at=row.updated_at)


def week_bounds(cycle: t.Cycle, week: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a cycle's week."""
    first = as_date(cycle.start_date) + dt.timedelta(weeks=week - 1)
    return first, first + dt.timedelta(days=6)


def current_week(cycle: t.Cycle, today: dt.date) -> int:
    """The weeks begun by ``today``: 0 before the cycle, 13 once its week 12 has ended."""
    days = (today - as_date(cycle.start_date)).days
    return 0 if days < 0 else min(rp.REVIEW_WEEK, days // 7 + 1)


# --- items ---------------------------------------------------------------------------------

def item_records(store: PlanBase, where: pw.Expression) -> list[rp.PlanItem]:
    """The items ``where`` selects (on ``plan_item`` / ``weekly_plan``), in week order, then by
    goal (business, personal, none), then position."""
    successor = t.PlanItem.alias("s")
    handled = (successor.select(pw.fn.COUNT(successor.id))
               .where(successor.origin == t.PlanItem.id))
    query = (t.PlanItem.select(
        t.PlanItem.id, t.WeeklyPlan.cycle_id, t.WeeklyPlan.week, t.PlanItem.title,
        t.PlanItem.position, t.PlanItem.goal_id, t.Goal.kind, t.PlanItem.tactic_id,
        t.PlanItem.work_item_id, t.WorkItem.title, t.BoardColumn.name, t.PlanItem.done,
        t.PlanItem.done_at, t.PlanItem.dropped_at, t.PlanItem.drop_reason,
        t.PlanItem.rolled_over, t.PlanItem.origin_id, t.PlanItem.origin_kind,
        handled.alias("handled"))
        .join(t.WeeklyPlan, on=(t.WeeklyPlan.id == t.PlanItem.weekly_plan))
        .join_from(t.PlanItem, t.Goal, pw.JOIN.LEFT_OUTER, on=(t.Goal.id == t.PlanItem.goal))
        .join_from(t.PlanItem, t.WorkItem, pw.JOIN.LEFT_OUTER,
                   on=(t.WorkItem.id == t.PlanItem.work_item))
        .join_from(t.WorkItem, t.BoardColumn, pw.JOIN.LEFT_OUTER,
                   on=(t.BoardColumn.id == t.WorkItem.column))
        .where(where))
    rows = list(tuples(query))
    cycles = {r[1] for r in rows}
    starts = {c.id: as_date(c.start_date)
              for c in t.Cycle.select(t.Cycle.id, t.Cycle.start_date)
              .where(t.Cycle.id.in_(list(cycles)))} if cycles else {}
    minutes = _card_minutes(store, [(r[8], starts[r[1]], r[2]) for r in rows if r[8]])
    items = [rp.PlanItem(
        id=r[0], cycle_id=r[1], week=r[2], title=r[3], position=r[4], goal_id=r[5],
        goal_kind=r[6], tactic_id=r[7], work_item_id=r[8], card_title=r[9], card_column=r[10],
        card_minutes_week=minutes.get((r[8], starts[r[1]], r[2]), 0) if r[8] else 0,
        done=bool(r[11]), done_at=utc_from_epoch(r[12]), dropped_at=utc_from_epoch(r[13]),
        drop_reason=r[14] or "", rolled_over=int(r[15]), origin_id=r[16], origin_kind=r[17],
        handled=bool(r[18])) for r in rows]
    items.sort(key=lambda i: (i.cycle_id, i.week, GOAL_ORDER.get(i.goal_kind or "", 2),
                              i.position, i.id))
    return items


def _card_minutes(store: PlanBase, wanted: Iterable[tuple[int, dt.date, int]]
                  ) -> dict[tuple[int, dt.date, int], int]:
    """Minutes tracked on each (card, cycle start, week): current entries (a running one up to
    now), clipped to the week's local days. One query over the cards' entries in the span."""
    wanted = set(wanted)
    if not wanted:
        return {}
    zone = store.prefs.zone
    spans = {key: (day_start(key[1] + dt.timedelta(weeks=key[2] - 1), zone),
                   day_start(key[1] + dt.timedelta(weeks=key[2]), zone)) for key in wanted}
    first = min(s for s, _ in spans.values())
    after = max(e for _, e in spans.values())
    cards = sorted({key[0] for key in wanted})
    now = store.clock.now()
    # The (work_item, start) index, never the superseded_by one (NULL on nearly every row:
    # SQLite walked all 100,000 entries through it): the current-row test is kept off
    # indexes as the board's tracked time does (fcc.store.sql.boards.tracked).
    d = store.dialect
    cur = store.db.cursor()
    cur.execute(d.sql(f"""
        SELECT e.work_item_id, e.start_utc, e.end_utc FROM time_entry e
        WHERE e.work_item_id IN ({', '.join('?' for _ in cards)})
          AND {PG_CURRENT if d.postgres else CURRENT}
          AND e.start_utc < ? AND (e.end_utc IS NULL OR e.end_utc > ?)"""),
                (*cards, int(after.timestamp()), int(first.timestamp())))
    by_card: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for card, begun, ended in cur.fetchall():
        start = utc_from_epoch(begun)
        if start is not None:
            by_card.setdefault(int(card), []).append((start, utc_from_epoch(ended) or now))
    out = {}
    for key, (begin, end) in spans.items():
        total = sum(max(0.0, (min(x, end) - max(s, begin)).total_seconds())
                    for s, x in by_card.get(key[0], ()))
        out[key] = int(total // 60)
    return out


# --- goals ---------------------------------------------------------------------------------

def goal_records(store: MeasureReadVerbs, cycle: t.Cycle, ids: list[int] | None = None
                 ) -> list[rp.Goal]:
    """The cycle's goals (or those of ``ids``), business first, with their measures (and
    actuals), tactics and score."""
    query = t.Goal.select().where(t.Goal.cycle == cycle.id)
    if ids is not None:
        query = query.where(t.Goal.id.in_(ids))
    rows = list(query)
    if not rows:
        return []
    found = [g.id for g in rows]
    measures = store._measure_records(found, cycle)
    tactics = tactic_records(t.Tactic.goal.in_(found))
    scores = {gid: score for _k, gid, score in
              goal_scores(cycle, current_week(cycle, store._today()))}
    out = [rp.Goal(id=g.id, cycle_id=g.cycle_id, kind=g.kind, title=g.title, why=g.why,
                   measures=tuple(measures.get(g.id, ())),
                   tactics=tuple(x for x in tactics if x.goal_id == g.id),
                   score=scores.get(g.id)) for g in rows]
    return sorted(out, key=lambda g: GOAL_ORDER.get(g.kind, 2))


# --- tactics -------------------------------------------------------------------------------

def tactic_records(where: pw.Expression) -> list[rp.Tactic]:
    """The tactics ``where`` selects, by goal, then position, with their card and project."""
    query = (t.Tactic.select(t.Tactic.id, t.Tactic.goal_id, t.Tactic.title, t.Tactic.first_week,
                             t.Tactic.last_week, t.Tactic.work_item_id, t.WorkItem.title,
                             t.Tactic.project_id, t.Project.name, t.Client.name,
                             t.Tactic.position)
             .join_from(t.Tactic, t.WorkItem, pw.JOIN.LEFT_OUTER,
                        on=(t.WorkItem.id == t.Tactic.work_item))
             .join_from(t.Tactic, t.Project, pw.JOIN.LEFT_OUTER,
                        on=(t.Project.id == t.Tactic.project))
             .join_from(t.Project, t.Client, pw.JOIN.LEFT_OUTER,
                        on=(t.Client.id == t.Project.client))
             .where(where).order_by(t.Tactic.goal_id, t.Tactic.position, t.Tactic.id))
    return [rp.Tactic(id=i, goal_id=g, title=title, first_week=a, last_week=b,
                      work_item_id=card, card_title=card_title, project_id=project,
                      project=None if project is None else (f"{client}/{name}" if client
                                                            else name),
                      position=pos)
            for i, g, title, a, b, card, card_title, project, name, client, pos
            in tuples(query)]


# --- weeks -----------------------------------------------------------------------------------

def week_records(store: PlanBase, cycle: t.Cycle, weeks: Iterable[int] | None = None, *,
                 items: bool = True) -> list[rp.WeekPlan]:
    """The cycle's weekly plans (all twelve, or ``weeks``), with their items when asked."""
    today = store._today()
    query = t.WeeklyPlan.select().where(t.WeeklyPlan.cycle == cycle.id)
    wanted = None if weeks is None else sorted(set(weeks))
    if wanted is not None:
        query = query.where(t.WeeklyPlan.week.in_(wanted))
    plans = list(query.order_by(t.WeeklyPlan.week))
    by_week: dict[int, list[rp.PlanItem]] = {p.week: [] for p in plans}
    done = _done_counts(cycle, wanted)
    if items and plans:
        for item in item_records(store, t.WeeklyPlan.id.in_([p.id for p in plans])):
            by_week[item.week].append(item)
    now_week = current_week(cycle, today)
    due = lock_due(cycle, today)
    out = []
    for plan in plans:
        start, end = week_bounds(cycle, plan.week)
        out.append(rp.WeekPlan(
            cycle_id=cycle.id, week=plan.week, start=start, end=end, quota=plan.quota,
            done=done.get(plan.week, 0), score=week_score(plan.quota, done.get(plan.week, 0)),
            locked=bool(plan.locked) or (due and plan.week > rp.MIDPOINT_WEEK),
            current=plan.week == now_week, ended=today > end,
            reviewed_at=utc_from_epoch(plan.reviewed_at), review=plan.review,
            items=tuple(by_week[plan.week])))
    return out


def lock_due(cycle: t.Cycle, today: dt.date) -> bool:
    """Whether the midpoint lock is due but not written yet (week 7 has begun or week 6 was
    reviewed, and no write since): the next write sets it first, so weeks 7-12 read as
    locked already — a quota change would be refused."""
    if cycle.midpoint_locked_at is not None:
        return False
    if today >= locks_on(as_date(cycle.start_date)):
        return True
    return (t.WeeklyPlan.select().where((t.WeeklyPlan.cycle == cycle.id)
                                        & (t.WeeklyPlan.week == rp.MIDPOINT_WEEK)
                                        & t.WeeklyPlan.reviewed_at.is_null(False)).exists())


def _done_counts(cycle: t.Cycle, weeks: list[int] | None) -> dict[int, int]:
    query = (t.PlanItem.select(t.WeeklyPlan.week, pw.fn.COUNT(t.PlanItem.id))
             .join(t.WeeklyPlan, on=(t.WeeklyPlan.id == t.PlanItem.weekly_plan))
             .where((t.WeeklyPlan.cycle == cycle.id) & (t.PlanItem.done == True))  # noqa: E712
             .group_by(t.WeeklyPlan.week))
    if weeks is not None:
        query = query.where(t.WeeklyPlan.week.in_(weeks))
    return {int(w): int(n) for w, n in tuples(query)}


# --- scores ----------------------------------------------------------------------------------

def scores_record(store: PlanBase, cycle: t.Cycle) -> rp.Scores:
    """Each week's score, each goal's, and the cycle's (rule 2 of the contract)."""
    today = store._today()
    now_week = current_week(cycle, today)
    weeks = []
    for plan in week_records(store, cycle, items=False):
        weeks.append(rp.WeekScore(week=plan.week, quota=plan.quota, done=plan.done,
                                  score=plan.score, locked=plan.locked,
                                  reviewed=plan.reviewed_at is not None,
                                  started=plan.week <= now_week))
    started = [w.score for w in weeks if w.started and w.score is not None]
    overall = (sum(started, Decimal(0)) / len(started)).quantize(
        Decimal("0.01"), ROUND_HALF_UP) if started else None
    return rp.Scores(cycle_id=cycle.id, weeks=tuple(weeks),
                     goals=tuple(goal_scores(cycle, now_week)), cycle=overall)


def goal_scores(cycle: t.Cycle, now_week: int) -> list[tuple[str, int, Decimal | None]]:
    """(kind, id, score) of each goal, business first: its items of the weeks begun (all
    twelve once the cycle is past), done / not dropped."""
    done = pw.fn.SUM(pw.Case(None, [(t.PlanItem.done == True, 1)], 0))  # noqa: E712
    query = (t.PlanItem.select(t.PlanItem.goal_id, pw.fn.COUNT(t.PlanItem.id), done)
             .join(t.WeeklyPlan, on=(t.WeeklyPlan.id == t.PlanItem.weekly_plan))
             .where((t.WeeklyPlan.cycle == cycle.id) & (t.WeeklyPlan.week <= now_week)
                    & t.PlanItem.dropped_at.is_null() & t.PlanItem.goal.is_null(False))
             .group_by(t.PlanItem.goal_id))
    counts = {int(g): (int(n), int(d or 0)) for g, n, d in tuples(query)}
    out = []
    goals = sorted(t.Goal.select(t.Goal.id, t.Goal.kind).where(t.Goal.cycle == cycle.id),
                   key=lambda g: GOAL_ORDER.get(g.kind, 2))
    for goal in goals:
        planned, finished = counts.get(goal.id, (0, 0))
        score = (Decimal(100 * finished) / planned).quantize(Decimal("0.01"), ROUND_HALF_UP) \
            if planned else None
        out.append((goal.kind, goal.id, score))
    return out

