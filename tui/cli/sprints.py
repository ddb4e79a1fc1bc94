"""``fcc sprint ...``: plan (add), start, complete, list and show a board's sprints, with the
burndown of estimates per day.

A card joins a sprint with ``fcc card edit ID --sprint NAME``. At most one sprint of a board
is active; completing it sends its unfinished cards to the next sprint or back to the backlog.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import json_text, visible
from fcc.store.when import format_duration
from fcc.tui.cli.base import FccGroup, Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.flags import SPRINT_FLAGS

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store

BOARD_HELP = "Board name (default: your only board)."
DATE_EXPECTED = "a date like 2026-12-07, today, tomorrow, monday (the next one) or +14d"


class SprintGroup(FccGroup):
    flags = SPRINT_FLAGS


@click.group("sprint", cls=SprintGroup)
def sprint_group() -> None:
    """Plan, start, complete and follow a board's sprints.

    Example: fcc sprint add S1 --start monday --end +14d --goal 'Login done'
    """


def parse_day(text: str, today: dt.date, field: str) -> dt.date:
    """A calendar day as a sprint's dates are typed: an ISO date, or what the store's
    :func:`~fcc.store.boards.fields.ahead` reads (a weekday is the next one, ``+14d``)."""
    from fcc.store.boards.fields import ahead

    found = ahead(text, today)
    if found is not None:
        return found
    low = text.strip()
    try:
        day = dt.date.fromisoformat(low)
    except ValueError:
        raise InvalidInput(field, DATE_EXPECTED, text) from None
    if not 1970 <= day.year <= 9999 or len(low) != 10:
        raise InvalidInput(field, DATE_EXPECTED, text)
    return day


def _today(store: Store) -> dt.date:
    from fcc.store.when import local_date

    return local_date(store.clock.now(), store.prefs.zone)


def sprint_row(s: rb.Sprint) -> dict[str, Any]:
    """A sprint as JSON (stable field names)."""
    return {"id": s.id, "uuid": s.uuid, "board": s.board, "name": s.name, "goal": s.goal,
            "start": s.start.isoformat(), "end": s.end.isoformat(), "status": s.status,
            "cards": s.cards, "cards_done": s.cards_done,
            "estimate_minutes": s.estimate_minutes, "done_minutes": s.done_minutes}


@sprint_group.command("add")
@click.argument("name")
@click.option("--start", "start_day", metavar="DATE", required=True,
              help="Its first day: 2026-12-07, today, monday (the next one) or +7d.")
@click.option("--end", "end_day", metavar="DATE", required=True,
              help="Its last day, e.g. +14d or 2026-12-18.")
@click.option("--goal", default="", help="What it should achieve.")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def sprint_add(opts: Options, name: str, start_day: str, end_day: str, goal: str,
               board: str | None) -> None:
    """Plan a sprint.  Example: fcc sprint add S1 --start monday --end +14d --goal 'Login'"""
    with store_for(opts) as store:
        today = _today(store)
        first = parse_day(start_day, today, "--start")
        last = parse_day(end_day, today, "--end")
        if last < first:
            raise InvalidInput("--end", f"a day on or after --start ({first.isoformat()})",
                               end_day)
        sprint = store.plan_sprint(board, name, start=first, end=last, goal=goal)
        echo(f"planned sprint {sprint.name} on {sprint.board}: {sprint.start.isoformat()} to "
             f"{sprint.end.isoformat()}; add cards with: fcc card edit ID --sprint "
             f"'{sprint.name}'")


@sprint_group.command("start")
@click.argument("name")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def sprint_start(opts: Options, name: str, board: str | None) -> None:
    """Start a planned sprint (one active sprint per board).  Example: fcc sprint start S1"""
    with store_for(opts) as store:
        sprint = store.start_sprint(board, name)
        echo(f"started sprint {sprint.name} on {sprint.board} ({sprint.cards} card"
             f"{'' if sprint.cards == 1 else 's'})")


@sprint_group.command("complete")
@click.argument("name", required=False)
@click.option("--to", "unfinished_to", default="backlog", show_default=True,
              metavar="WHERE", help="Where its unfinished cards go: backlog, next (the next "
                                    "planned sprint) or a sprint's name.")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def sprint_complete(opts: Options, name: str | None, unfinished_to: str,
                    board: str | None) -> None:
    """Complete the active sprint (or NAME).

    Example: fcc sprint complete --to next
    """
    with store_for(opts) as store:
        before = store.sprint(board, name)
        # what the completion moves: its cards not done, neither archived nor deleted
        left = sum(not card.done for card in store.cards(board=before.board_id,
                                                          sprint=before.name))
        sprint = store.complete_sprint(board, before.name, unfinished_to=unfinished_to)
        where = {"backlog": "back to the backlog", "next": "to the next sprint"}.get(
            unfinished_to.strip().lower(), f"to sprint {unfinished_to}")
        echo(f"completed sprint {sprint.name}: {before.cards_done} of {before.cards} cards done"
             + (f"; {left} unfinished went {where}" if left else ""))


@sprint_group.command("list")
@click.option("--board", help=BOARD_HELP)
@click.option("--status", type=click.Choice(("planned", "active", "completed")))
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def sprint_list(opts: Options, board: str | None, status: str | None, fmt: str) -> None:
    """List a board's sprints.  Example: fcc sprint list --status planned"""
    with store_for(opts, create=False) as store:
        sprints = store.sprints(board, status=status)
    if fmt == "json":
        click.echo(json_text([sprint_row(s) for s in sprints], indent=2))
        return
    if not sprints:
        echo("no sprints; plan one with: fcc sprint add NAME --start DATE --end DATE")
        return
    from fcc.tui.plaintable import Output, table

    rows = [[visible(s.name), s.status, s.start.isoformat(), s.end.isoformat(),
             f"{s.cards_done}/{s.cards}",
             f"{format_duration(s.done_minutes * 60)}/{format_duration(s.estimate_minutes * 60)}",
             visible(s.goal)] for s in sprints]
    out = Output()
    out.write(table(out, ("sprint", "status", "start", "end", "done", "estimate", "goal"),
                    rows, rights=(False, False, False, False, True, True, False),
                    wraps=(True, False, False, False, False, False, True)))


@sprint_group.command("show")
@click.argument("name", required=False)
@click.option("--board", help=BOARD_HELP)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def sprint_show(opts: Options, name: str | None, board: str | None, fmt: str) -> None:
    """A sprint (default: the active one) with its burndown.

    The burndown: the estimate still open at the end of each day and what was done that
    day.  Example: fcc sprint show S1
    """
    with store_for(opts, create=False) as store:
        burndown = store.burndown(board, name)
    s = burndown.sprint
    if fmt == "json":
        click.echo(json_text({**sprint_row(s), "burndown": [
            {"day": d.day.isoformat(), "remaining_minutes": d.remaining_minutes,
             "done_minutes": d.done_minutes, "done_cards": d.done_cards}
            for d in burndown.days]}, indent=2))
        return
    print_burndown(burndown)


def print_burndown(burndown: rb.Burndown) -> None:
    from fcc.tui.plaintable import Output, table

    s = burndown.sprint
    lines = [visible(f"sprint {s.name} on {s.board} ({s.status}): {s.start.isoformat()} to "
                     f"{s.end.isoformat()}")]
    if s.goal:
        lines.append(visible(f"goal: {s.goal}"))
    lines.append(f"cards: {s.cards_done}/{s.cards} done; estimate "
                 f"{format_duration(s.done_minutes * 60)} of "
                 f"{format_duration(s.estimate_minutes * 60)} done")
    top = max([d.remaining_minutes for d in burndown.days] + [s.estimate_minutes, 1])
    rows = [[f"{d.day:%a %Y-%m-%d}", format_duration(d.remaining_minutes * 60),
             format_duration(d.done_minutes * 60), str(d.done_cards),
             "█" * round(24 * d.remaining_minutes / top)] for d in burndown.days]
    out = Output()
    if rows:
        lines += table(out, ("day", "remaining", "done", "cards", ""), rows,
                       rights=(False, True, True, True, False),
                       wraps=(False, False, False, False, False))
    out.write(lines)


COMMANDS: list[click.Command] = [sprint_group]
