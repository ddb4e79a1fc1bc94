"""``fcc board ...``: add, list, show, rename, archive and link boards; ``fcc board column ...``
and ``fcc board lane ...`` set up their columns and swim lanes.

Each command is one store verb (one undoable change) and one line saying what it did.
``--board`` names a board (any case); left out, it is your only board. Columns and lanes are
named by name or by number from the left (top): ``2`` is the second. Positions typed and shown
here count from 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import json_text, visible
from fcc.tui.cli.base import FccGroup, Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.flags import BOARD_FLAGS

if TYPE_CHECKING:
    from fcc.store import records_boards as rb

BOARD_HELP = "Board name (default: your only board)."


class BoardGroup(FccGroup):
    flags = BOARD_FLAGS


@click.group("board", cls=BoardGroup)
def board_group() -> None:
    """Add, list, show, rename, archive and link boards; set up their columns and lanes.

    Example: fcc board add Website --project Acme/Website
    """


def _z(value: Any) -> str | None:
    from fcc.store.limits import iso_z

    return None if value is None else iso_z(value)


def board_row(b: rb.Board) -> dict[str, Any]:
    """A board as JSON (stable field names; positions count from 1)."""
    return {
        "id": b.id, "uuid": b.uuid, "name": b.name, "project": b.project,
        "archived": b.archived, "created_at": _z(b.created_at), "cards": b.cards,
        "active_sprint": b.active_sprint,
        "columns": [{"id": c.id, "name": c.name, "position": c.position + 1,
                     "wip_limit": c.wip_limit, "done": c.is_done, "cards": c.cards,
                     "over_limit": c.over_limit} for c in b.columns],
        "lanes": [{"id": ln.id, "name": ln.name, "position": ln.position + 1,
                   "cards": ln.cards} for ln in b.lanes],
    }


@contextmanager
def _as(**names: str) -> Iterator[None]:
    """The store's fields named as this command's arguments (``position`` -> ``POSITION``)."""
    try:
        yield
    except InvalidInput as exc:
        raise exc.named(names) from None


@board_group.command("add")
@click.argument("name")
@click.option("--project", help="The project its cards belong to (CLIENT/PROJECT).")
@click.option("--column", "columns", multiple=True,
              help="A column, left to right (repeatable; default: Backlog, To do, Doing, "
                   "Review, Done; the last is the done column).")
@click.pass_obj
def board_add(opts: Options, name: str, project: str | None, columns: tuple[str, ...]) -> None:
    """Add a board.  Example: fcc board add Website --project Acme/Website"""
    with store_for(opts) as store:
        board = store.create_board(name, project=project, columns=list(columns) or None)
        linked = f" for {board.project}" if board.project else ""
        echo(f"added board {board.name}{linked} (id {board.id}): "
             + ", ".join(c.name for c in board.columns))


@board_group.command("list")
@click.option("--all", "include_all", is_flag=True, help="Include archived boards.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def board_list(opts: Options, include_all: bool, fmt: str) -> None:
    """List boards with their cards, project and active sprint.  Example: fcc board list"""
    with store_for(opts, create=False) as store:
        boards = store.boards(include_archived=include_all)
    if fmt == "json":
        click.echo(json_text([board_row(b) for b in boards], indent=2))
        return
    if not boards:
        echo("no boards yet; add one with: fcc board add NAME")
        return
    from fcc.tui.plaintable import Output, table

    rows = [[str(b.id), visible(b.name + (" (archived)" if b.archived else "")),
             visible(b.project or ""), str(b.cards), str(len(b.columns)), str(len(b.lanes)),
             visible(b.active_sprint or "")] for b in boards]
    out = Output()
    out.write(table(out, ("id", "board", "project", "cards", "columns", "lanes", "sprint"),
                    rows, rights=(True, False, False, True, True, True, False),
                    wraps=(False, True, True, False, False, False, True)))


@board_group.command("show")
@click.argument("board", required=False)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def board_show(opts: Options, board: str | None, fmt: str) -> None:
    """A board's columns (cards, WIP limit, done column) and swim lanes.

    Example: fcc board show Website
    """
    with store_for(opts, create=False) as store:
        found = store.board(board)
    if fmt == "json":
        click.echo(json_text(board_row(found), indent=2))
        return
    print_board(found)


def print_board(b: rb.Board) -> None:
    from fcc.tui.plaintable import Output, table

    facts = [f"{b.cards} card{'' if b.cards == 1 else 's'}"]
    if b.project:
        facts.append(f"project {b.project}")
    if b.active_sprint:
        facts.append(f"sprint {b.active_sprint} active")
    if b.archived:
        facts.append("archived")
    rows = []
    for c in b.columns:
        wip = "" if c.wip_limit is None else f"{c.cards}/{c.wip_limit}"
        rows.append([str(c.position + 1), visible(c.name), str(c.cards),
                     wip + (" over" if c.over_limit else ""), "done" if c.is_done else ""])
    out = Output()
    lines = [visible(f"board {b.name} (id {b.id}): " + ", ".join(facts))]
    lines += table(out, ("#", "column", "cards", "wip", ""), rows,
                   rights=(True, False, True, True, False),
                   wraps=(False, True, False, False, False))
    if b.lanes:
        lines.append(visible("lanes: " + ", ".join(f"{ln.position + 1} {ln.name} ({ln.cards})"
                                                    for ln in b.lanes)))
    lines.append(visible(f"cards: fcc card list --board '{b.name}'"))
    out.write(lines)


@board_group.command("rename")
@click.argument("board")
@click.argument("new_name")
@click.pass_obj
def board_rename(opts: Options, board: str, new_name: str) -> None:
    """Rename a board.  Example: fcc board rename Website 'Website 2027'"""
    with store_for(opts) as store, _as(name="NEW_NAME"):
        done = store.rename_board(board, new_name)
        echo(f"renamed board {board} to {done.name}")


@board_group.command("archive")
@click.argument("board")
@click.option("--restore", is_flag=True, help="Unarchive instead.")
@click.pass_obj
def board_archive(opts: Options, board: str, restore: bool) -> None:
    """Archive a board (its cards and history stay).  Example: fcc board archive Website"""
    with store_for(opts) as store:
        done = store.archive_board(board, archived=not restore)
        echo(f"{'unarchived' if restore else 'archived'} board {done.name}")


@board_group.command("link")
@click.argument("board")
@click.argument("project", required=False)
@click.option("--none", "unlink", is_flag=True, help="Link it to no project.")
@click.pass_obj
def board_link(opts: Options, board: str, project: str | None, unlink: bool) -> None:
    """Link a board to a project: its new cards belong to it.

    Example: fcc board link Website Acme/Website
    """
    if (project is None) == (not unlink):
        raise InvalidInput("PROJECT", "a project, or --none to unlink (not both)", project)
    with store_for(opts) as store, _as(project="PROJECT"):
        done = store.link_board(board, None if unlink else project)
        echo(f"linked board {done.name} to {done.project}" if done.project
             else f"board {done.name} is linked to no project")


# --- fcc board column ------------------------------------------------------------------------


@board_group.group("column", cls=BoardGroup)
def column_group() -> None:
    """Add, rename, move, limit, mark done and remove a board's columns.

    Example: fcc board column add QA --board Website --position 4 --limit 3
    """


def _limit(text: str | None, field: str) -> int | None:
    if text is None or text.strip().lower() == "none":
        return None
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 1:
        raise InvalidInput(field, "a number of cards like 3, or none", text)
    return value


@column_group.command("add")
@click.argument("name")
@click.option("--board", help=BOARD_HELP)
@click.option("--position", type=click.IntRange(min=1),
              help="Its place from the left, 1 = first (default: before the done column).")
@click.option("--limit", help="WIP limit: at most this many cards.")
@click.option("--done", is_flag=True, help="Cards in it are done.")
@click.pass_obj
def column_add(opts: Options, name: str, board: str | None, position: int | None,
               limit: str | None, done: bool) -> None:
    """Add a column.  Example: fcc board column add QA --board Website --limit 3"""
    wip = _limit(limit, "--limit")
    with store_for(opts) as store:
        col = store.add_column(board, name, position=None if position is None else position - 1,
                               wip_limit=wip, done=done)
        echo(f"added column {col.name} at {col.position + 1}")


@column_group.command("rename")
@click.argument("column")
@click.argument("new_name")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def column_rename(opts: Options, column: str, new_name: str, board: str | None) -> None:
    """Rename a column.  Example: fcc board column rename 'To do' Ready"""
    with store_for(opts) as store, _as(column="COLUMN", name="NEW_NAME"):
        col = store.rename_column(board, column, new_name)
        echo(f"renamed column {column} to {col.name}")


@column_group.command("move")
@click.argument("column")
@click.argument("position", type=click.IntRange(min=1))
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def column_move(opts: Options, column: str, position: int, board: str | None) -> None:
    """Move a column to another place, 1 = first.  Example: fcc board column move Review 3"""
    with store_for(opts) as store, _as(column="COLUMN", position="POSITION"):
        col = store.move_column(board, column, position - 1)
        echo(f"moved column {col.name} to {col.position + 1}")


@column_group.command("limit")
@click.argument("column")
@click.argument("limit")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def column_limit(opts: Options, column: str, limit: str, board: str | None) -> None:
    """Set a column's WIP limit (none: no limit).  Example: fcc board column limit Doing 3"""
    wip = _limit(limit, "LIMIT")
    with store_for(opts) as store, _as(column="COLUMN", wip_limit="LIMIT", limit="LIMIT"):
        col = store.set_wip_limit(board, column, wip)
        n = col.wip_limit
        echo(f"column {col.name}: "
             + (f"at most {n} card{'' if n == 1 else 's'}" if n else "no WIP limit"))


@column_group.command("done")
@click.argument("column")
@click.option("--not", "not_done", is_flag=True, help="Cards in it are no longer done.")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def column_done(opts: Options, column: str, not_done: bool, board: str | None) -> None:
    """Mark a column as a done column.  Example: fcc board column done Shipped"""
    with store_for(opts) as store, _as(column="COLUMN"):
        col = store.set_done_column(board, column, done=not not_done)
        echo(f"column {col.name} is {'a done' if col.is_done else 'no longer a done'} column")


@column_group.command("remove")
@click.argument("column")
@click.option("--move-to", help="Move its cards to this column first.")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def column_remove(opts: Options, column: str, move_to: str | None, board: str | None) -> None:
    """Remove a column (an empty one, or its cards go to --move-to).

    Example: fcc board column remove QA --move-to Review
    """
    with store_for(opts) as store, _as(column="COLUMN"):
        done = store.remove_column(board, column, move_to=move_to)
        echo(f"removed column {column} from {done.name}"
             + (f"; its cards are in {move_to}" if move_to else ""))


# --- fcc board lane --------------------------------------------------------------------------


@board_group.group("lane", cls=BoardGroup)
def lane_group() -> None:
    """Add, rename, move and remove a board's swim lanes.

    Example: fcc board lane add Frontend --board Website
    """


@lane_group.command("add")
@click.argument("name")
@click.option("--board", help=BOARD_HELP)
@click.option("--position", type=click.IntRange(min=1),
              help="Its place from the top, 1 = first (default: the last).")
@click.pass_obj
def lane_add(opts: Options, name: str, board: str | None, position: int | None) -> None:
    """Add a swim lane.  Example: fcc board lane add Frontend --board Website"""
    with store_for(opts) as store:
        lane = store.add_lane(board, name, position=None if position is None else position - 1)
        echo(f"added lane {lane.name} at {lane.position + 1}")


@lane_group.command("rename")
@click.argument("lane")
@click.argument("new_name")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def lane_rename(opts: Options, lane: str, new_name: str, board: str | None) -> None:
    """Rename a swim lane.  Example: fcc board lane rename Frontend UI"""
    with store_for(opts) as store, _as(lane="LANE", name="NEW_NAME"):
        done = store.rename_lane(board, lane, new_name)
        echo(f"renamed lane {lane} to {done.name}")


@lane_group.command("move")
@click.argument("lane")
@click.argument("position", type=click.IntRange(min=1))
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def lane_move(opts: Options, lane: str, position: int, board: str | None) -> None:
    """Move a swim lane to another place, 1 = top.  Example: fcc board lane move Backend 1"""
    with store_for(opts) as store, _as(lane="LANE", position="POSITION"):
        done = store.move_lane(board, lane, position - 1)
        echo(f"moved lane {done.name} to {done.position + 1}")


@lane_group.command("remove")
@click.argument("lane")
@click.option("--board", help=BOARD_HELP)
@click.pass_obj
def lane_remove(opts: Options, lane: str, board: str | None) -> None:
    """Remove a swim lane; its cards stay, in no lane.  Example: fcc board lane remove UI"""
    with store_for(opts) as store, _as(lane="LANE"):
        done = store.remove_lane(board, lane)
        echo(f"removed lane {lane} from {done.name}; its cards are in no lane")


COMMANDS: list[click.Command] = [board_group]
