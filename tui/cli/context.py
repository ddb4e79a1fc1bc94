"""``fcc context``: a Markdown summary to paste into an assistant — the cycle's goals with their
measures, the week's plan and score, and the cards in progress with their descriptions and
recent time (the board design's "LLM context" for work items).

Text from the database is shown as data: each line's control characters and bidi controls are
made visible (``tui.text.one_line`` / ``tui.text.block``), so nothing in a title or a
description can drive the terminal; Markdown characters are left alone, so a description
written in Markdown reads as Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from fcc.tui.cli.base import ID, Options, store_for
from fcc.tui.cli.plan_view import local_day, named

if TYPE_CHECKING:
    from fcc.store import records_plans as rp

def _one(value: str | None, limit: int = 200) -> str:
    from fcc.tui.text import one_line

    return one_line(value, limit)


def _quoted(value: str) -> list[str]:
    from fcc.tui.text import block

    return ["> " + line if line else ">" for line in block(value).strip("\n").split("\n")]


def _hm(minutes: int) -> str:
    from fcc.tui.text import hm

    return hm(minutes * 60)


def _score(value: object) -> str:
    from decimal import Decimal

    from fcc.store.records_plans import BAR

    if not isinstance(value, Decimal):
        return "no quota"
    return f"{value:.2f}% ({'at or above' if value >= BAR else 'below'} the {BAR:.0f}% bar)"


def _measure(m: rp.Measure) -> str:
    unit = f" {_one(m.unit, 20)}" if m.unit else ""
    per = " per week" if m.period == "week" else " this cycle"
    shown_unit = "" if m.target is not None else unit  # once: "1 of 3 runs per week"
    actual = "no value yet" if m.actual is None else f"{_num(m.actual)}{shown_unit}"
    target = "" if m.target is None else f" of {_num(m.target)}{unit}{per}"
    progress = "" if m.progress is None else f" ({_num(m.progress)}%)"
    return f"- {m.kind.capitalize()}: {_one(m.name)} — {actual}{target}{progress}"


def _num(value: object) -> str:
    from decimal import Decimal

    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _goals(goals: tuple[rp.Goal, ...] | list[rp.Goal]) -> list[str]:
    lines = ["## Goals", ""]
    if not goals:
        return [*lines, "No goals set for this cycle.", ""]
    for g in goals:
        lines.append(f"### {g.kind.capitalize()}: {_one(g.title)}")
        lines.append("")
        if g.why:
            lines += [f"Why: {_one(g.why, 500)}", ""]
        lines += [_measure(m) for m in g.measures]
        lines += [f"- Tactic: {_one(t.title)} ({t.weeks_label})" for t in g.tactics]
        lines += [f"- Score so far: {_score(g.score)}", ""]
    return lines


def _week(w: rp.WeekPlan, kinds: dict[int, str]) -> list[str]:
    lines = [f"## Week {w.week} plan ({w.start} to {w.end})", "",
             f"{w.done} of {w.quota} done, score {_score(w.score)}.", ""]
    for i in w.items:
        mark = "x" if i.done else " "
        extra = []
        if i.goal_id is not None:
            extra.append(f"{kinds.get(i.goal_id, i.goal_kind or 'goal')} goal")
        if i.work_item_id is not None:
            extra.append(f"card #{i.work_item_id}")
        if i.dropped_at is not None:
            extra.append(f"dropped: {_one(i.drop_reason, 120)}")
        if i.flagged:
            extra.append(f"rolled over {i.rolled_over} times")
        tail = f" ({'; '.join(extra)})" if extra else ""
        text = f"~~{_one(i.title)}~~" if i.dropped_at is not None else _one(i.title)
        lines.append(f"- [{mark}] {text}{tail}")
    if not w.items:
        lines.append("No items planned.")
    return [*lines, ""]


def _cards(cards: tuple[rp.ContextCard, ...], days: int, zone: str) -> list[str]:
    from fcc.store.when import format_local

    lines = ["## Cards in progress", ""]
    if not cards:
        return [*lines, "None.", ""]
    for c in cards:
        where = " · ".join(_one(p, 80) for p in (c.board, c.column) if p)
        project = f", {_one(c.project, 80)}" if c.project else ""
        lines += [f"### #{c.id} {_one(c.title)}", "", f"{where}{project}.", ""]
        running = " (a timer is running)" if c.running else ""
        lines += [f"Tracked in the last {days} days: {_hm(c.minutes_recent)}{running}.",
                  ""]
        if c.description.strip():
            lines += [*_quoted(c.description), ""]
        if c.entries:
            lines.append("Recent time:")
            for e in c.entries:
                note = f" — {_one(e.note, 200)}" if e.note else ""
                lines.append(f"- {format_local(e.start, zone)}, {_hm(e.minutes)}{note}")
            lines.append("")
    return lines


def markdown(ctx: rp.Context, zone: str) -> str:
    lines = ["# Context", ""]
    c = ctx.cycle
    if c is None:
        lines += ["No current 12-week cycle.", ""]
    else:
        when = "the review week" if c.week == 13 else f"week {c.week} of 12"
        left = "" if c.days_left is None else f", {c.days_left} days left"
        lock = (f"Weeks 7-12 locked since {local_day(c.midpoint_locked_at, zone)}."
                if c.midpoint_locked_at else f"Weeks 7-12 lock on {c.locks_on}.")
        lines += [f"12-week cycle **{_one(c.name)}** ({c.start_date} to {c.end_date}): "
                  f"{when if c.week else c.state}{left}. {lock}", ""]
        kinds = {g.id: g.kind for g in ctx.goals}
        lines += _goals(ctx.goals)
        if ctx.week is not None:
            lines += _week(ctx.week, kinds)
    lines += _cards(ctx.cards, ctx.recent_days, zone)
    return "\n".join(lines).rstrip("\n") + "\n"


@click.command("context")
@click.option("--week", type=click.IntRange(1, 12), help="The plan of week N (default: this "
              "week's).")
@click.option("--card", type=ID, help="Only this card (with its description and time).")
@click.option("--project", help="Only this project's cards (CLIENT/PROJECT).")
@click.pass_obj
def context_cmd(opts: Options, week: int | None, card: int | None,
                project: str | None) -> None:
    """A Markdown summary to paste into an assistant: goals, the week's plan and score, cards
    in progress with their descriptions and recent time.

    Example: fcc context --project Acme/Website | pbcopy
    """
    with store_for(opts, create=False) as store, named(week="--week", card="--card",
                                                        project="--project"):
        ctx = store.context(week=week, card=card, project=project)
        zone = store.prefs.zone
    click.echo(markdown(ctx, zone), nl=False)


COMMANDS: list[click.Command] = [context_cmd]
