"""``fcc plan ...``: the 12-week year on the command line — the vision, cycles, this week's plan
and its quota, checking items off, scores, the journal; goals, measures and tactics
(``plan_goals``), items (``plan_items``) and the weekly review (``plan_review``).

Each command is one store verb (one undoable change) and one line saying what it did. A week is
1-12 of the current cycle (left out: this week); an item is its number (``41`` or ``#41``).
Bad input exits 2 naming the flag; a change the midpoint lock refuses, or no cycle to plan in,
exits 1 with the one line saying why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.plan_view import FORMATS, WEEK, PlanGroup, echo_json, named, one, pct

if TYPE_CHECKING:
    from fcc.store.api import Store


@click.group("plan", cls=PlanGroup, invoke_without_command=True)
@click.pass_context
def plan_group(ctx: click.Context) -> None:
    """The 12-week year: vision, cycles, goals, tactics, weekly plans, scores and reviews.

    Alone: this week's plan (fcc plan week).  Example: fcc plan cycle start monday
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(week_cmd)


# --- vision --------------------------------------------------------------------------------------


@plan_group.command("vision")
@click.argument("body", metavar="TEXT", required=False)
@click.option("--three-year", "three_year", metavar="TEXT",
              help="Where you will be in three years.")
@click.option("--title", help="A short name for the vision.")
@click.option("--edit", is_flag=True, help="Write the vision's text in $EDITOR.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def vision_cmd(opts: Options, body: str | None, three_year: str | None, title: str | None,
               edit: bool, fmt: str) -> None:
    """Show or set your vision: the long-term picture and the three-year one.

    Without TEXT or options: show it.  Example: fcc plan vision 'Independent studio, 4 days a
    week' --three-year 'Three retainer clients'
    """
    from fcc.tui.cli.plan_view import vision_row

    if edit and body is not None:
        raise InvalidInput("--edit", "either TEXT or --edit, not both", body)
    with store_for(opts, create=not (body is None and three_year is None and title is None
                                     and not edit)) as store:
        if edit:
            now = store.vision()
            edited = click.edit(now.body if now is not None else "")
            if edited is None:
                echo("vision unchanged (the editor was closed without saving)")
                return
            body = edited.strip()
        changes = {k: v for k, v in (("body", body), ("three_year", three_year),
                                     ("title", title)) if v is not None}
        if changes:
            store.set_vision(**changes)
            words = {"body": "long term", "three_year": "3 years", "title": "title"}
            echo("vision set: " + ", ".join(words[k] for k in changes))
            return
        vision = store.vision()
    if fmt == "json":
        echo_json(vision_row(vision))
        return
    if vision is None or not (vision.body or vision.three_year or vision.title):
        echo("no vision yet; write one with: fcc plan vision TEXT [--three-year TEXT]")
        return
    from fcc.store.visible import visible

    if vision.title:
        echo(f"vision: {one(vision.title)}")
    for label, text in (("long term", vision.body), ("3 years", vision.three_year)):
        if text:
            echo(f"{label}:")
            for line in visible(text, keep="\n").splitlines():
                echo(f"  {line}")


# --- cycles ---------------------------------------------------------------------------------------


@plan_group.group("cycle", cls=PlanGroup)
def cycle_group() -> None:
    """Start, list, show and lock 12-week cycles.

    Example: fcc plan cycle start 2027-01-04 --name 'Q1 2027'
    """


@cycle_group.command("start")
@click.argument("start_day", metavar="DATE")
@click.option("--name", help="Its name (default: '12 weeks from DATE').")
@click.pass_obj
def cycle_start(opts: Options, start_day: str, name: str | None) -> None:
    """Start (or draft) a cycle: 12 weeks from DATE, your week's first day, plus a review week.

    DATE: 2027-01-04, today, monday (the coming one) or +7d.
    Example: fcc plan cycle start monday --name 'Q1 2027'
    """
    with store_for(opts) as store, named(start="DATE", name="--name"):
        c = store.start_cycle(start_day, name=name)
    state = {"draft": "drafted", "current": "started"}.get(c.state, "added")
    echo(f"{state} cycle {c.name} (id {c.id}): weeks 1-12 {c.start_date} to {c.end_date}, "
         f"review week to {c.review_end}")


@cycle_group.command("list")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def cycle_list(opts: Options, fmt: str) -> None:
    """Every cycle by start: state, today's week, lock.  Example: fcc plan cycle list"""
    from fcc.tui.cli.plan_view import cycle_row, print_cycles

    with store_for(opts, create=False) as store:
        cycles = store.cycles()
    if fmt == "json":
        echo_json([cycle_row(c) for c in cycles])
        return
    print_cycles(cycles)


@cycle_group.command("show")
@click.argument("cycle", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def cycle_show(opts: Options, cycle: str | None, fmt: str) -> None:
    """A cycle (default: the current one, else the next): dates, week, lock and goals.

    CYCLE: its name, id or a date in it.  Example: fcc plan cycle show 'Q1 2027'
    """
    from fcc.tui.cli.plan_view import cycle_row, goal_row, print_cycle, print_goals

    with store_for(opts, create=False) as store, named(cycle="CYCLE"):
        c = store.cycle(cycle)
        goals = store.goals(c.id)
        zone = store.prefs.zone
    if fmt == "json":
        echo_json({**cycle_row(c), "goals": [goal_row(g) for g in goals]})
        return
    print_cycle(c, zone)
    print_goals(goals)


@cycle_group.command("lock")
@click.option("--cycle", help="The cycle (default: the current one).")
@click.pass_obj
def cycle_lock(opts: Options, cycle: str | None) -> None:
    """Lock weeks 7-12's quotas now (from week 5 on; week 6's review or week 7 locks them
    anyway). The lock is permanent.  Example: fcc plan cycle lock
    """
    with store_for(opts) as store, named(cycle="--cycle"):
        c = store.lock_midpoint(cycle)
    echo(f"locked weeks 7-12 of {c.name}: their quotas stay as they are")


# --- the week ----------------------------------------------------------------------------------


@plan_group.command("week")
@click.argument("week", type=WEEK, required=False)
@click.option("--quota", type=click.IntRange(min=0), help="Set the week's quota (items).")
@click.option("--cycle", help="The cycle (default: the current one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def week_cmd(opts: Options, week: int | None = None, quota: int | None = None,
             cycle: str | None = None, fmt: str = "table") -> None:
    """A week's plan: its items (done, dropped, rolled over), quota and score.

    Example: fcc plan week 3 --format json
    """
    from fcc.tui.cli.plan_view import print_week, week_row

    with store_for(opts, create=quota is not None) as store, \
            named(cycle="--cycle", week="WEEK", quota="--quota"):
        if quota is not None:
            plan = store.set_quota(_week(store, week, cycle), quota, cycle=cycle)
            echo(f"week {plan.week}: quota {plan.quota}, score {pct(plan.score) or '-'}")
            return
        plan = store.week_plan(week, cycle=cycle)
        c = store.cycle(plan.cycle_id)
    if fmt == "json":
        echo_json(week_row(plan))
        return
    print_week(c, plan)


def _week(store: Store, week: int | None, cycle: str | None) -> int:
    """``week``, or the week ``fcc plan week`` shows by default."""
    if week is not None:
        return week
    return store.week_plan(None, cycle=cycle).week


@plan_group.command("quota")
@click.argument("week", type=WEEK)
@click.argument("quota", type=click.IntRange(min=0))
@click.option("--cycle", help="The cycle (default: the current one).")
@click.pass_obj
def quota_cmd(opts: Options, week: int, quota: int, cycle: str | None) -> None:
    """Set a week's quota: the items you commit to (refused once the week is locked).

    Example: fcc plan quota 3 5
    """
    with store_for(opts) as store, named(cycle="--cycle", week="WEEK", quota="QUOTA"):
        plan = store.set_quota(week, quota, cycle=cycle)
    echo(f"week {plan.week}: quota {plan.quota}, score {pct(plan.score) or '-'}")


# --- scores ------------------------------------------------------------------------------------


@plan_group.command("score")
@click.option("--cycle", "every", is_flag=True, help="Every week's score, W1-W12.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def score_cmd(opts: Options, every: bool, fmt: str) -> None:
    """Execution scores: this week's (or every week's with --cycle), each goal's and the
    cycle's, against the 85% bar.  Example: fcc plan score --cycle
    """
    from fcc.tui.cli.plan_view import print_scores, scores_row

    with store_for(opts, create=False) as store:
        c = store.cycle()
        scores = store.scores(c.id)
        titles = {g.id: g.title for g in store.goals(c.id)}
    if fmt == "json":
        echo_json(scores_row(scores, c))
        return
    print_scores(scores, c, titles, every=every)


# --- journal -------------------------------------------------------------------------------------


@plan_group.command("note")
@click.argument("body", metavar="TEXT")
@click.option("--week", "journal_week", type=click.IntRange(1, 13),
              help="Its week, 1-13 (default: this week).")
@click.pass_obj
def note_cmd(opts: Options, body: str, journal_week: int | None) -> None:
    """Add a note to the week's journal.  Example: fcc plan note 'Client call moved to Friday'"""
    with store_for(opts) as store, named(body="TEXT", text="TEXT"):
        note = store.add_note(body, week=journal_week)
    echo(f"noted #{note.id} in week {note.week}'s journal")


@plan_group.command("journal")
@click.option("--week", "journal_week", type=click.IntRange(1, 13),
              help="Only this week's notes (1-13).")
@click.option("--search", help="Only notes holding this text (any case).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def journal_cmd(opts: Options, journal_week: int | None, search: str | None,
                fmt: str) -> None:
    """The cycle's journal, oldest first: notes and written reviews.

    Example: fcc plan journal --search invoice
    """
    from fcc.tui.cli.plan_view import note_row, print_notes

    with store_for(opts, create=False) as store:
        notes = store.journal(week=journal_week, search=search)
        zone = store.prefs.zone
    if fmt == "json":
        echo_json([note_row(n) for n in notes])
        return
    print_notes(notes, zone)


def _register() -> None:
    from fcc.tui.cli.plan_goals import goal_group, measure_group, tactic_group
    from fcc.tui.cli.plan_items import check_cmd, item_group, uncheck_cmd
    from fcc.tui.cli.plan_review import review_cmd

    for command in (goal_group, measure_group, tactic_group, item_group, check_cmd,
                    uncheck_cmd, review_cmd):
        plan_group.add_command(command)


_register()
COMMANDS: list[click.Command] = [plan_group]
