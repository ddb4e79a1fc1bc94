"""``fcc plan item add|edit|drop`` and ``fcc plan check|uncheck``: a week's items.

An item is named by its number (``41`` or ``#41``, as ``fcc plan week`` lists them). Adding one
to a week still open raises its quota by one; checking one off says the week's score after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import ID, Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.plan_goals import KINDS, NONE, _card
from fcc.tui.cli.plan_view import WEEK, PlanGroup, named, one, score_text

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store


def label(item: rp.PlanItem) -> str:
    return f"#{item.id} {one(item.title, 60)}"


def week_after(store: Store, item: rp.PlanItem) -> str:
    """``week 3: 3/5 done, score 60.00% (below the 85% bar)``."""
    plan = store.week_plan(item.week, cycle=item.cycle_id)
    return f"week {plan.week}: {plan.done}/{plan.quota} done, score {score_text(plan.score)}"


@click.group("item", cls=PlanGroup)
def item_group() -> None:
    """Add, edit and drop the items of a week's plan.

    Example: fcc plan item add 'Invoice Acme for November' --card 12
    """


@item_group.command("add")
@click.argument("title", metavar="TEXT")
@click.option("--week", type=WEEK, help="Its week, 1-12 (default: this week).")
@click.option("--card", type=ID, help="A card it works on.")
@click.option("--goal", type=click.Choice(KINDS), help="The goal it serves.")
@click.option("--cycle", help="The cycle, e.g. the next one drafted (default: the current one).")
@click.pass_obj
def item_add(opts: Options, title: str, week: int | None, card: int | None,
             goal: str | None, cycle: str | None) -> None:
    """Add an item to a week's plan (this week's or a later one).

    Example: fcc plan item add 'Write the case study' --week 4 --goal business
    """
    with store_for(opts) as store, named(title="TEXT", cycle="--cycle"):
        item = store.add_item(title, week=week, card=card, goal=goal, cycle=cycle)
        plan = store.week_plan(item.week, cycle=item.cycle_id)
        of = f" of {one(store.cycle(item.cycle_id).name, 60)}" if cycle is not None else ""
    echo(f"added {label(item)} to week {item.week}{of} (quota {plan.quota})")


@item_group.command("edit")
@click.argument("item", metavar="ITEM")
@click.option("--title", help="A new title.")
@click.option("--card", help="A card id, or none.")
@click.option("--goal", help="business, personal, or none.")
@click.pass_obj
def item_edit(opts: Options, item: str, title: str | None, card: str | None,
              goal: str | None) -> None:
    """Change an item's title, card or goal ('none' clears them).

    Example: fcc plan item edit 41 --card 12 --goal none
    """
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if card is not None:
        changes["card"] = _card(card)
    if goal is not None:
        kind = goal.strip().lower()
        if kind not in (*KINDS, NONE):
            raise InvalidInput("--goal", "business, personal or none", goal)
        changes["goal"] = None if kind == NONE else kind
    if not changes:
        raise InvalidInput("edit", "something to change, e.g. --title TEXT or --card 12")
    with store_for(opts) as store, named(item="ITEM"):
        done = store.edit_item(item, changes)
    echo(f"changed {label(done)}: {', '.join(changes)}")


@item_group.command("drop")
@click.argument("item", metavar="ITEM")
@click.option("--reason", required=True, help="Why it is dropped (kept with it).")
@click.pass_obj
def item_drop(opts: Options, item: str, reason: str) -> None:
    """Drop an item, saying why (it no longer counts as planned while the week is open).

    Example: fcc plan item drop 41 --reason 'client postponed the launch'
    """
    with store_for(opts) as store, named(item="ITEM"):
        done = store.drop_item(item, reason)
        echo(f"dropped {label(done)}; {week_after(store, done)}")


@click.command("check")
@click.argument("item", metavar="ITEM")
@click.pass_obj
def check_cmd(opts: Options, item: str) -> None:
    """Check an item off (any week of the cycle: late ticks count).  Example: fcc plan check 41"""
    with store_for(opts) as store, named(item="ITEM"):
        done = store.check_item(item)
        echo(f"done: {label(done)}; {week_after(store, done)}")


@click.command("uncheck")
@click.argument("item", metavar="ITEM")
@click.pass_obj
def uncheck_cmd(opts: Options, item: str) -> None:
    """Mark a checked item as not done.  Example: fcc plan uncheck 41"""
    with store_for(opts) as store, named(item="ITEM"):
        done = store.uncheck_item(item)
        echo(f"not done: {label(done)}; {week_after(store, done)}")
