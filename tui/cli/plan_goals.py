"""``fcc plan goal|measure|tactic ...``: a cycle's business and personal goals, their lag and
lead measures (``SPEC`` is what ``fcc.store.plans.fields.measure_spec`` reads, the app's form
too) and their tactics (the actions, due in a range of weeks).

A goal is named by its kind (``business``, ``personal``) or its id. Measures and tactics by id.
"""

from __future__ import annotations

from typing import Any

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import ID, Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.plan_view import FORMATS, PlanGroup, echo_json, named, one

KINDS = ("business", "personal")
SPEC_HELP = ("NAME = TARGET [UNIT] [per week|per cycle] [from hours|billed] [on SCOPE, ...], "
             "e.g. 'Client hours = 25 h per week from hours on client:Acme'")
NONE = "none"


def _specs(flag: str, texts: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Every SPEC read before anything is written (a bad one changes nothing)."""
    from fcc.store.plans.fields import measure_spec

    read = []
    for text in texts:
        try:
            read.append(measure_spec(text))
        except InvalidInput as exc:
            raise exc.named({"measure": flag}) from None
    return read


# --- goals -----------------------------------------------------------------------------------


@click.group("goal", cls=PlanGroup)
def goal_group() -> None:
    """Set and list the cycle's goals (one business, one personal).

    Example: fcc plan goal set business 'Grow to 12k a month' --lag 'Billed = 36000 EUR from
    billed'
    """


@goal_group.command("set")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("title")
@click.option("--why", help="Why it matters to you.")
@click.option("--lag", metavar="SPEC", help="The result you measure. " + SPEC_HELP)
@click.option("--lead", "leads", metavar="SPEC", multiple=True,
              help="An action you measure (repeatable), e.g. 'Sales calls = 5 per week'.")
@click.option("--cycle", help="The cycle (default: the current one, else the next).")
@click.pass_obj
def goal_set(opts: Options, kind: str, title: str, why: str | None, lag: str | None,
             leads: tuple[str, ...], cycle: str | None) -> None:
    """Set the cycle's business or personal goal (a second set changes it), with measures.

    Example: fcc plan goal set personal 'Run a half marathon' --why 'Energy for work' --lead
    'Runs = 3 per week'
    """
    measures = [("lag", m) for m in _specs("--lag", [lag] if lag else [])]
    measures += [("lead", m) for m in _specs("--lead", leads)]
    flags = ["--lag"] * bool(lag) + ["--lead"] * len(leads)
    # one change: a measure refused (an unknown client in its scope) leaves no goal behind,
    # and fcc undo takes back the goal with its measures
    by_place = {f"measure {n}": flag for n, flag in enumerate(flags, 1)}
    with store_for(opts) as store, named(title="TITLE", cycle="--cycle", **by_place):
        goal = store.set_goal_with_measures(kind, title, why=why, measures=measures,
                                            cycle=cycle)
    extra = f" with {len(measures)} measure{'' if len(measures) == 1 else 's'}" \
        if measures else ""
    echo(f"{kind} goal (id {goal.id}): {goal.title}{extra}")


@goal_group.command("list")
@click.option("--cycle", help="The cycle (default: the current one, else the next).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def goal_list(opts: Options, cycle: str | None, fmt: str) -> None:
    """The goals with their measures (actual against target), tactics and score.

    Example: fcc plan goal list --format json
    """
    from fcc.tui.cli.plan_view import goal_row, print_goals

    with store_for(opts, create=False) as store, named(cycle="--cycle"):
        goals = store.goals(cycle)
    if fmt == "json":
        echo_json([goal_row(g) for g in goals])
        return
    print_goals(goals)


# --- measures --------------------------------------------------------------------------------


@click.group("measure", cls=PlanGroup)
def measure_group() -> None:
    """Add, record and remove a goal's lag and lead measures.

    Example: fcc plan measure add business lead 'Client hours = 25 h per week from hours'
    """


@measure_group.command("add")
@click.argument("goal")
@click.argument("kind", type=click.Choice(("lag", "lead")))
@click.argument("spec")
@click.option("--cycle", help="The cycle (default: the current one, else the next).")
@click.pass_obj
def measure_add(opts: Options, goal: str, kind: str, spec: str, cycle: str | None) -> None:
    """Add a measure to a goal (business, personal or its id).

    SPEC: NAME = TARGET [UNIT] [per week|per cycle] [from hours|billed] [on SCOPE, ...].
    Example: fcc plan measure add business lag 'Billed revenue = 12000 EUR from billed on
    client:Acme'
    """
    (read,) = _specs("SPEC", [spec])
    fields = dict.fromkeys(("measure", "scope", "client", "clients", "project", "projects",
                            "card", "cards", "tag", "tags"), "SPEC")
    with store_for(opts) as store, named(**fields, goal="GOAL", cycle="--cycle"):
        m = store.add_measure(goal, kind, cycle=cycle, **read)
    echo(f"added {kind} measure #{m.id} {m.name}" + (f" ({m.source})" if m.computed else ""))


@measure_group.command("record")
@click.argument("measure", metavar="ID", type=ID)
@click.argument("value")
@click.option("--week", type=click.IntRange(0, 12),
              help="The week it is for, 1-12; 0 = the cycle (default: this week for a weekly "
                   "measure, the cycle for one per cycle).")
@click.pass_obj
def measure_record(opts: Options, measure: int, value: str, week: int | None) -> None:
    """Record a typed measure's value (computed ones count themselves).

    Example: fcc plan measure record 4 3 --week 2
    """
    with store_for(opts) as store, named(measure="ID", value="VALUE"):
        m = store.record_measure(measure, value, week=week)
    echo(f"recorded {value.strip()} for {m.name}"
         + (f"; now {m.actual}" if m.actual is not None else ""))


@measure_group.command("remove")
@click.argument("measure", metavar="ID", type=ID)
@click.pass_obj
def measure_remove(opts: Options, measure: int) -> None:
    """Remove a measure and its recorded values.  Example: fcc plan measure remove 4"""
    with store_for(opts) as store, named(measure="ID"):
        store.remove_measure(measure)
    echo(f"removed measure #{measure}")


# --- tactics ---------------------------------------------------------------------------------


@click.group("tactic", cls=PlanGroup)
def tactic_group() -> None:
    """Add, list, edit and remove a goal's tactics: the actions due in given weeks.

    Example: fcc plan tactic add business 'Send 3 proposals' --weeks 1-4
    """


def _none_or(value: str | None) -> Any:
    return None if value is not None and value.strip().lower() == NONE else value


def _card(value: str | None) -> int | None:
    if value is None or value.strip().lower() == NONE:
        return None
    from fcc.store.bounds import parse_id

    return parse_id(value.strip().lstrip("#"), "--card", "a card id like 7, or none")


@tactic_group.command("add")
@click.argument("goal")
@click.argument("title")
@click.option("--weeks", required=True,
              help="When it is due: 1-4, 3, W2-W6, or all (every week).")
@click.option("--card", type=ID, help="A card it works on.")
@click.option("--project", help="A project it works on (CLIENT/PROJECT).")
@click.option("--cycle", help="The cycle (default: the current one, else the next).")
@click.pass_obj
def tactic_add(opts: Options, goal: str, title: str, weeks: str, card: int | None,
               project: str | None, cycle: str | None) -> None:
    """Add a tactic to a goal: an item in each of its weeks not yet ended.

    Example: fcc plan tactic add business 'Call two past clients' --weeks all
    """
    with store_for(opts) as store, named(goal="GOAL", title="TITLE", cycle="--cycle"):
        tactic = store.add_tactic(goal, title, weeks=weeks, card=card, project=project,
                                  cycle=cycle)
    echo(f"added tactic #{tactic.id} {tactic.title} ({tactic.weeks_label})")


@tactic_group.command("list")
@click.option("--goal", help="Only this goal's (business, personal or its id).")
@click.option("--cycle", help="The cycle (default: the current one, else the next).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.pass_obj
def tactic_list(opts: Options, goal: str | None, cycle: str | None, fmt: str) -> None:
    """The tactics with their weeks, card and project.  Example: fcc plan tactic list"""
    from fcc.tui.cli.plan_view import tactic_row

    with store_for(opts, create=False) as store, named(cycle="--cycle"):
        tactics = store.tactics(goal, cycle)
        kinds = {g.id: g.kind for g in store.goals(cycle)}
    if fmt == "json":
        echo_json([tactic_row(t) for t in tactics])
        return
    if not tactics:
        echo("no tactics yet; add one with: fcc plan tactic add GOAL TITLE --weeks 1-12")
        return
    from fcc.tui.plaintable import Output, table

    rows = [[str(t.id), one(t.title), kinds.get(t.goal_id, ""), t.weeks_label,
             "" if t.work_item_id is None else f"#{t.work_item_id}", one(t.project or "", 60)]
            for t in tactics]
    out = Output()
    out.write(table(out, ("id", "tactic", "goal", "weeks", "card", "project"), rows,
                    rights=(True, False, False, False, False, False),
                    wraps=(False, True, False, False, False, True)))


@tactic_group.command("edit")
@click.argument("tactic", metavar="ID", type=ID)
@click.option("--title", help="A new title.")
@click.option("--weeks", help="New weeks: 1-4, 3, W2-W6 or all.")
@click.option("--card", help="A card id, or none.")
@click.option("--project", help="A project (CLIENT/PROJECT), or none.")
@click.pass_obj
def tactic_edit(opts: Options, tactic: int, title: str | None, weeks: str | None,
                card: str | None, project: str | None) -> None:
    """Change a tactic; its open items in weeks not yet ended follow.

    Example: fcc plan tactic edit 3 --weeks 5-12 --card none
    """
    changes: dict[str, Any] = {k: v for k, v in (("title", title), ("weeks", weeks))
                               if v is not None}
    if card is not None:
        changes["card"] = _card(card)
    if project is not None:
        changes["project"] = _none_or(project)
    if not changes:
        raise InvalidInput("edit", "something to change, e.g. --title TEXT or --weeks 1-4")
    with store_for(opts) as store, named(tactic="ID"):
        done = store.edit_tactic(tactic, changes)
    echo(f"changed tactic #{done.id} {done.title}: {', '.join(changes)}")


@tactic_group.command("remove")
@click.argument("tactic", metavar="ID", type=ID)
@click.pass_obj
def tactic_remove(opts: Options, tactic: int) -> None:
    """Remove a tactic and its open items in weeks not yet ended (past ones stay).

    Example: fcc plan tactic remove 3
    """
    with store_for(opts) as store, named(tactic="ID"):
        store.remove_tactic(tactic)
    echo(f"removed tactic #{tactic}")
