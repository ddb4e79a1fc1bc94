"""How ``fcc plan`` shows the plan records: JSON rows (stable snake_case field names, scores and
amounts as strings — Decimal, never float) and the plain-text tables for people.

Every text from the database goes through ``visible``/``one_line`` before a terminal sees it;
JSON carries it exactly (``json_text`` escapes what JSON must).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput, NotFound
from fcc.store.visible import json_text
from fcc.tui.cli.base import FccGroup, say
from fcc.tui.cli.flags import PLAN_FLAGS

if TYPE_CHECKING:
    from fcc.store import records_plans as rp

FORMATS = ("table", "json")
NO_CYCLE_YET = "no 12-week cycle yet: start one with fcc plan cycle start DATE"
WEEK = click.IntRange(1, 12)


class PlanGroup(FccGroup):
    flags = PLAN_FLAGS


def named(**names: str) -> AbstractContextManager[None]:
    """The store's fields named as this command's arguments (``quota`` -> ``QUOTA``), in bad
    input and in what names nothing (``item: no plan item #9`` -> ``ITEM: no plan item #9``);
    the other fields by their flags (``PLAN_FLAGS``)."""
    return _naming(names, PLAN_FLAGS)


@contextmanager
def _naming(names: dict[str, str], fallback: dict[str, str]) -> Iterator[None]:
    try:
        yield
    except InvalidInput as exc:
        raise exc.named(names) from None
    except NotFound as exc:
        field, sep, rest = str(exc).partition(": ")
        shown = names.get(field, fallback.get(field))
        if not sep or shown is None:
            raise
        renamed = type(exc)(f"{shown}: {rest}")
        raise renamed from None


def echo_json(value: object) -> None:
    click.echo(json_text(value, indent=2))


def _z(value: dt.datetime | None) -> str | None:
    from fcc.store.limits import iso_z

    return None if value is None else iso_z(value)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def pct(value: Decimal | None) -> str | None:
    """A score as JSON carries it: ``"71.43"`` (two places), or None."""
    return None if value is None else f"{value:.2f}"


def num(value: Decimal | None) -> str | None:
    """A measure's target or actual: its digits as stored (``"12000"``, ``"25.5"``)."""
    return None if value is None else format(value.normalize(), "f")


def one(value: str | None, limit: int = 300) -> str:
    """Database text on one line, its control characters shown (``tui.text.one_line``)."""
    from fcc.tui.text import one_line

    return one_line(value, limit)


# --- JSON rows ---------------------------------------------------------------------------------


def cycle_row(c: rp.Cycle) -> dict[str, Any]:
    return {"id": c.id, "uuid": c.uuid, "name": c.name, "start": _day(c.start_date),
            "end": _day(c.end_date), "review_end": _day(c.review_end), "state": c.state,
            "week": c.week, "days_left": c.days_left, "locked": c.locked,
            "midpoint_locked_at": _z(c.midpoint_locked_at), "locks_on": _day(c.locks_on)}


def measure_row(m: rp.Measure) -> dict[str, Any]:
    return {"id": m.id, "goal_id": m.goal_id, "kind": m.kind, "name": m.name, "unit": m.unit,
            "target": num(m.target), "source": m.source, "period": m.period,
            "scope": m.scope_label, "actual": num(m.actual), "progress": num(m.progress),
            "weeks": [num(v) for v in m.weeks]}


def tactic_row(t: rp.Tactic) -> dict[str, Any]:
    return {"id": t.id, "goal_id": t.goal_id, "title": t.title, "weeks": t.weeks_label,
            "first_week": t.first_week, "last_week": t.last_week, "card": t.work_item_id,
            "card_title": t.card_title, "project": t.project, "position": t.position + 1}


def goal_row(g: rp.Goal) -> dict[str, Any]:
    return {"id": g.id, "cycle_id": g.cycle_id, "kind": g.kind, "title": g.title, "why": g.why,
            "score": pct(g.score), "measures": [measure_row(m) for m in g.measures],
            "tactics": [tactic_row(t) for t in g.tactics]}


def item_row(i: rp.PlanItem) -> dict[str, Any]:
    return {"id": i.id, "week": i.week, "title": i.title, "position": i.position + 1,
            "goal": i.goal_kind, "goal_id": i.goal_id, "tactic_id": i.tactic_id,
            "card": i.work_item_id, "card_title": i.card_title, "card_column": i.card_column,
            "card_minutes_week": i.card_minutes_week, "done": i.done, "done_at": _z(i.done_at),
            "dropped_at": _z(i.dropped_at), "drop_reason": i.drop_reason or None,
            "rolled_over": i.rolled_over, "flagged": i.flagged, "origin_id": i.origin_id,
            "origin_kind": i.origin_kind, "handled": i.handled}


def week_row(w: rp.WeekPlan) -> dict[str, Any]:
    return {"cycle_id": w.cycle_id, "week": w.week, "start": _day(w.start), "end": _day(w.end),
            "quota": w.quota, "done": w.done, "score": pct(w.score), "locked": w.locked,
            "current": w.current, "ended": w.ended, "reviewed_at": _z(w.reviewed_at),
            "review": w.review or None, "items": [item_row(i) for i in w.items]}


def scores_row(s: rp.Scores, c: rp.Cycle) -> dict[str, Any]:
    """``fcc plan score --format json`` (pinned by the contract of issue 14)."""
    return {"cycle": {"id": c.id, "name": c.name, "week": c.week}, "bar": pct(s.bar),
            "weeks": [{"week": w.week, "quota": w.quota, "done": w.done, "score": pct(w.score),
                       "locked": w.locked, "reviewed": w.reviewed, "started": w.started}
                      for w in s.weeks],
            "goals": [{"kind": kind, "id": gid, "score": pct(score)}
                      for kind, gid, score in s.goals],
            "cycle_score": pct(s.cycle)}


def note_row(n: rp.JournalNote) -> dict[str, Any]:
    return {"id": n.id, "cycle_id": n.cycle_id, "week": n.week, "kind": n.kind, "body": n.body,
            "at": _z(n.at), "zone": n.zone, "edited_at": _z(n.edited_at)}


def vision_row(v: rp.Vision | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"id": v.id, "title": v.title, "body": v.body, "three_year": v.three_year,
            "horizon_years": v.horizon_years, "updated_at": _z(v.updated_at)}


# --- text ----------------------------------------------------------------------------------------


def score_text(score: Decimal | None, bar: Decimal | None = None) -> str:
    """``71.43% (below the 85% bar)``; ``-`` without a quota."""
    if score is None:
        return "-"
    from fcc.store.records_plans import BAR

    bar = BAR if bar is None else bar
    mark = "at or above" if score >= bar else "below"
    return f"{score:.2f}% ({mark} the {bar:.0f}% bar)"


def minutes(value: int) -> str:
    from fcc.tui.text import hm

    return hm(value * 60)


def week_head(c: rp.Cycle, w: rp.WeekPlan) -> str:
    """``Q1 2027 · week 3 of 12 (2026-12-14 to 2026-12-20) · 3/5 done · score 60.00% ...``"""
    state = "this week" if w.current else ("ended" if w.ended else "ahead")
    note = planned_note(w)  # says "locked at the midpoint" itself
    lock = " · quota locked" if w.locked and not note else ""
    return (f"{one(c.name, 60)} · week {w.week} of 12 ({w.start} to {w.end}, {state}) · "
            f"{w.done}/{w.quota} done{note}{lock} · score {score_text(w.score)}")


def planned_note(w: rp.WeekPlan) -> str:
    """`` (10 items now; the quota stays 6: ...)`` when the items no longer match the quota —
    added after the lock or the week's end — so ``2/6 done`` above ten items makes sense."""
    if not w.items or w.planned == w.quota or not (w.locked or w.ended):
        return ""
    why = "locked at the midpoint" if w.locked else "the week has ended"
    return (f" ({w.planned} item{'' if w.planned == 1 else 's'} now; the quota stays "
            f"{w.quota}: {why})")


def card_text(i: rp.PlanItem) -> str:
    if i.work_item_id is None:
        return ""
    bits = [f"#{i.work_item_id}"]
    if i.card_column:
        bits.append(one(i.card_column, 30))
    if i.card_minutes_week:
        bits.append(minutes(i.card_minutes_week))
    return " ".join(bits)


def print_week(c: rp.Cycle, w: rp.WeekPlan) -> None:
    from fcc.tui.plaintable import Output, table

    out = Output()
    lines = [week_head(c, w)]
    if not w.items:
        lines.append(f"no items yet; add one with: fcc plan item add TEXT --week {w.week}")
        out.write(lines)
        return
    rows = []
    for i in w.items:
        title = one(i.title)
        if i.dropped_at is not None:
            title += f" (dropped: {one(i.drop_reason, 80)})"
        if i.flagged:
            title += f" (rolled over {i.rolled_over}x)"
        rows.append([str(i.id), i.mark, title, i.goal_kind or "", card_text(i)])
    lines += table(out, ("item", "done", "title", "goal", "card"), rows,
                   rights=(True, False, False, False, False),
                   wraps=(False, False, True, False, True))
    if w.review:
        lines.append("review: " + one(w.review))
    out.write(lines)


def local_day(instant: dt.datetime, zone: str) -> dt.date:
    """The user's day of an instant (a lock at Berlin's midnight is 23:00 UTC the day before)."""
    from fcc.store.zones import zone_tz

    return instant.astimezone(zone_tz(zone) or dt.UTC).date()


def print_cycle(c: rp.Cycle, zone: str) -> None:
    facts = [c.state]
    if c.week is not None:
        facts.append("review week" if c.week == 13 else f"week {c.week} of 12")
    if c.days_left is not None:
        facts.append(f"{c.days_left} day{'' if c.days_left == 1 else 's'} left")
    say(f"cycle {one(c.name, 80)} (id {c.id}): {', '.join(facts)}")
    say(f"weeks 1-12: {c.start_date} to {c.end_date}; review week to {c.review_end}")
    if c.midpoint_locked_at is not None:
        say(f"W7-W12 locked since {local_day(c.midpoint_locked_at, zone)}")
    else:
        say(f"W7-W12 lock on {c.locks_on} (or when week 6 is reviewed)")


def print_cycles(cycles: list[rp.Cycle]) -> None:
    from fcc.tui.plaintable import Output, table

    if not cycles:
        say(NO_CYCLE_YET)
        return
    rows = [[str(c.id), one(c.name), str(c.start_date), str(c.end_date), c.state,
             "" if c.week is None else str(c.week), "locked" if c.locked else ""]
            for c in cycles]
    out = Output()
    out.write(table(out, ("id", "cycle", "start", "end", "state", "week", "W7-W12"), rows,
                    rights=(True, False, False, False, False, True, False),
                    wraps=(False, True, False, False, False, False, False)))


def measure_text(m: rp.Measure) -> str:
    unit = f" {m.unit}" if m.unit else ""
    per = " per week" if m.period == "week" else ""
    target = "" if m.target is None else f" of {num(m.target)}{unit}{per}"
    # The unit once, after the target ("1 of 3 runs per week"), unless there is no target.
    shown_unit = "" if m.target is not None else unit
    actual = "-" if m.actual is None else f"{num(m.actual)}{shown_unit}"
    progress = "" if m.progress is None else f" ({num(m.progress)}%)"
    source = "" if m.source == "manual" else f", from {m.source}"
    scope = f" on {one(m.scope_label, 80)}" if m.scope_label else ""
    return f"{m.kind} #{m.id} {one(m.name, 80)}: {actual}{target}{progress}{source}{scope}"


def print_goals(goals: list[rp.Goal]) -> None:
    if not goals:
        say("no goals yet; set one with: fcc plan goal set business TITLE --why WHY")
        return
    for g in goals:
        say(f"{g.kind} goal (id {g.id}): {one(g.title)} · score {score_text(g.score)}")
        if g.why:
            say(f"  why: {one(g.why)}")
        for m in g.measures:
            say(f"  {measure_text(m)}")
        for t in g.tactics:
            card = f" · card #{t.work_item_id}" if t.work_item_id else ""
            project = f" · {one(t.project, 60)}" if t.project else ""
            say(f"  tactic #{t.id} {one(t.title)} ({t.weeks_label}){card}{project}")


def print_scores(s: rp.Scores, c: rp.Cycle, goals: dict[int, str], *, every: bool) -> None:
    from fcc.tui.plaintable import Output, table

    out = Output()
    lines = [f"{one(c.name, 60)}: cycle score {score_text(s.cycle, s.bar)}"]
    now = c.week if c.week is not None and c.week <= 12 else None
    shown = [w for w in s.weeks if every or w.week == now]
    if shown:
        rows = []
        for w in shown:
            scored = w.started and w.score is not None  # a week ahead is not scored yet
            notes = [f for f, on in (("locked", w.locked), ("reviewed", w.reviewed),
                                     ("not started", not w.started)) if on]
            rows.append([f"W{w.week}", str(w.quota), str(w.done),
                         f"{w.score:.2f}%" if scored else "-",
                         ("ok" if w.score >= s.bar else "below") if scored and w.score
                         is not None else "", ", ".join(notes)])
        lines += table(out, ("week", "quota", "done", "score", "bar", ""), rows,
                       rights=(False, True, True, True, False, False),
                       wraps=(False,) * 6)
    for kind, gid, score in s.goals:
        lines.append(f"{kind} goal {one(goals.get(gid, ''), 60)}: {score_text(score, s.bar)}")
    if not every:
        lines.append("every week: fcc plan score --cycle")
    out.write(lines)


def print_notes(notes: list[rp.JournalNote], zone: str) -> None:
    from fcc.store.when import format_local

    if not notes:
        say("no notes yet; write one with: fcc plan note TEXT")
        return
    for n in notes:
        kind = " review" if n.kind == "review" else ""
        edited = " (edited)" if n.edited_at else ""
        say(f"#{n.id} W{n.week} {format_local(n.at, zone)}{kind}{edited}")
        from fcc.store.visible import visible

        for line in visible(n.body, keep="\n").splitlines() or [""]:
            say(f"  {line}")
