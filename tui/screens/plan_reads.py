"""What the Plan pane reads (on the store's thread, in one call: ``store.plan_view()`` and, when
another week is shown, that week's plan) and the lines it draws from it (on the UI loop)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text

from fcc.tui.text import one_line
from fcc.tui.widgets.plan_scores import pct

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store


@dataclasses.dataclass(frozen=True)
class PlanData:
    """One read: the pane's view, the week shown (today's, or the one ``[``/``]`` chose)."""

    counter: int
    view: rp.PlanView
    week: rp.WeekPlan | None
    zone: str = "UTC"
    last: rp.Cycle | None = None  # with no cycle to show: the one that ended last, if any

    @property
    def cycle(self) -> rp.Cycle | None:
        return self.view.cycle

    def item(self, item_id: int | None) -> rp.PlanItem | None:
        if item_id is None or self.week is None:
            return None
        return next((i for i in self.week.items if i.id == item_id), None)


def read_plan(store: Store, week: int | None = None) -> PlanData:
    """The pane's one read. ``week``: the week to show instead of today's (its plan is read
    in the same call)."""
    counter = store.change_counter()
    view = store.plan_view()
    shown = view.week
    if week is not None and view.cycle is not None and (shown is None or shown.week != week):
        shown = store.week_plan(week, cycle=view.cycle.id)
    last = None
    if view.cycle is None:
        ended = store.cycles()
        last = ended[-1] if ended else None
    return PlanData(counter, view, shown, store.prefs.zone, last)


def days(start: dt.date, end: dt.date) -> str:
    """``23–29 Nov``, ``30 Nov – 6 Dec``."""
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b} – {end.day} {end:%b}"


def lock_state(cycle: rp.Cycle, zone: str) -> str:
    """``W7–W12 locked since 16 Nov`` / ``W7–W12 lock on 7 Dec``."""
    if cycle.midpoint_locked_at is not None:
        from fcc.store.zones import zone_tz

        since = cycle.midpoint_locked_at.astimezone(zone_tz(zone) or dt.UTC)
        return f"W7–W12 locked since {since.day} {since:%b}"
    return f"W7–W12 lock on {cycle.locks_on.day} {cycle.locks_on:%b}"


def header(data: PlanData, review_key: str = "r", width: int = 200) -> Text:
    """The pane's first line: the cycle, today's week and its dates, days left, the lock.
    When it does not fit ``width``, the cycle's name gives way first (the rest is the news)."""
    cycle = data.cycle
    if cycle is None:
        return Text(no_wrap=True, overflow="ellipsis")
    rest = _header_rest(data, cycle, review_key)
    if len(rest.plain) + 1 + min(len(cycle.name), 24) > width:  # (the week's line has them)
        rest = _header_rest(data, cycle, review_key, compact=True)
    room = max(12, min(40, width - len(rest.plain) - 1))
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(" " + one_line(cycle.name, room), style="bold")
    out.append_text(rest)
    return out


def _header_rest(data: PlanData, cycle: rp.Cycle, review_key: str, *,
                 compact: bool = False) -> Text:
    out = Text()
    if cycle.state == "draft":
        out.append(f"  starts {cycle.start_date:%a} {cycle.start_date.day} "
                   f"{cycle.start_date:%b}", style="dim")
    elif cycle.state == "past":
        out.append(f"  ended {cycle.end_date.day} {cycle.end_date:%b %Y}", style="dim")
    elif cycle.week is not None and cycle.week > 12:
        out.append("  review week (13)", style="bold")
    elif cycle.week is not None:
        out.append(f"  week {cycle.week} of 12", style="bold")
        if not compact:
            out.append(f"  {days(cycle.week_start(cycle.week), cycle.week_end(cycle.week))}")
    if cycle.days_left is not None and cycle.state == "current":
        left = f"{cycle.days_left}d" if compact else \
            f"{cycle.days_left} day{'s' if cycle.days_left != 1 else ''}"
        out.append(f"  {left} left", style="dim")
    if data.view.review_due is not None:
        out.append(f"  W{data.view.review_due} review due ({review_key})", style="bold")
    out.append("  " + lock_state(cycle, data.zone),
               style="bold yellow" if cycle.locked else "dim")
    return out


def week_line(plan: rp.WeekPlan | None, bar: rp.Scores | None) -> Text:
    """The line above the items: which week, its quota (locked or not), done and score."""
    out = Text(no_wrap=True, overflow="ellipsis")
    if plan is None:
        return out
    out.append(f" W{plan.week}", style="bold")
    out.append(f"  {days(plan.start, plan.end)}")
    if plan.current:
        out.append("  this week", style="bold")
    elif plan.ended:
        out.append("  ended", style="dim")
    out.append(f"  {plan.done}/{plan.quota} done")
    out.append(f"  quota {plan.quota}")
    if plan.locked:
        out.append(" locked", style="yellow")
    if plan.items and plan.planned != plan.quota and (plan.locked or plan.ended):
        # items added after the lock or the week's end: why ten items stand under "2/6 done"
        out.append(f" · {plan.planned} planned", style="dim")
    if plan.score is not None:
        met = bar is not None and plan.score >= bar.bar
        out.append(f"  score {pct(plan.score)}", style="bold green" if met else "bold red")
    if plan.reviewed_at is not None:
        out.append("  reviewed", style="dim")
    return out
