"""``fcc card ...``: add, list, show, edit, move, done, archive, delete, restore, block,
unblock and comment on the cards of boards.

Each command is one store verb (one transaction, one undoable change: ``fcc undo`` reverts
it) and one line saying what it did. A card is named by its id (``#12``, typed ``12``); a
board, column, lane or sprint by its name (any case) or, for columns and lanes, its number
from the left/top. A rule that may be overridden (a WIP limit, open blockers) refuses with
exit 1 and says to add ``--force``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import json_text
from fcc.tui.cli.base import ID, FccGroup, Options, store_for
from fcc.tui.cli.common import echo
from fcc.tui.cli.flags import CARD_FLAGS

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store

TYPES = ("epic", "story", "task", "bug")
FORMATS = ("table", "json", "csv")
NONE = "none"  # the value that clears an optional field: --due none


class CardGroup(FccGroup):
    flags = CARD_FLAGS


@click.group("card", cls=CardGroup)
def card_group() -> None:
    """Add, list, show, edit and move the cards of your boards.

    A card is a work item (epic, story, task or bug) with a short id (#12); time tracked
    with `fcc start --card 12` counts for it.

    Example: fcc card add 'Fix login' --type bug
    """


def _tags(values: tuple[str, ...]) -> list[str]:
    """``--tag a --tag b,c``: the tags in the order given."""
    return [t.strip() for value in values for t in value.split(",") if t.strip()]


def _or_none(value: str | None) -> Any:
    """``none`` (any case) clears an optional field; other text goes to the store as typed."""
    return None if value is not None and value.strip().lower() == NONE else value


def _parent(value: str | None) -> int | None:
    if value is None or value.strip().lower() == NONE:
        return None
    from fcc.store.bounds import parse_id

    return parse_id(value.strip().lstrip("#"), "--parent", "a card id like 7, or none")


def _label(card: rb.Card) -> str:
    from fcc.tui.cli.cardview import cut

    return f"#{card.id} {cut(card.title, 60)}"


def _place(card: rb.Card) -> str:
    return card.column + (f" · lane {card.lane}" if card.lane else "")


def card_options(command: Any) -> Any:
    """The options ``card add`` and ``card edit`` share (edit: ``none`` clears)."""
    for option in reversed([
        click.option("--type", "kind", type=click.Choice(TYPES), help="epic, story, task "
                     "(the default) or bug."),
        click.option("--parent", metavar="ID", help="The epic or story it belongs to."),
        click.option("--priority", type=click.IntRange(0, 4),
                     help="0 (highest) to 4; default 2."),
        click.option("--estimate", help="e.g. 90m, 1.5h, 2h30m or 1d (a day is 8h)."),
        click.option("--due", metavar="DATE",
                     help="e.g. 2026-12-10, tomorrow, fri (the next one) or +3d."),
        click.option("--tag", "tags", multiple=True,
                     help="A tag (repeatable, or a,b); edit: the new tags."),
        click.option("--project", help="Its project (default: the board's)."),
        click.option("--rate", help="An hourly rate for its time, e.g. 120."),
        click.option("--description", help="Markdown text."),
        click.option("--sprint", help="The sprint it is planned for."),
    ]):
        command = option(command)
    return command


@card_group.command("add")
@click.argument("title")
@click.option("--board", help="Board name (default: your only board, or a new Inbox).")
@click.option("--column", help="Column name or number (default: the first).")
@click.option("--lane", help="Swim lane name or number.")
@card_options
@click.option("--force", is_flag=True, help="Even into a column at its WIP limit.")
@click.pass_obj
def card_add(opts: Options, title: str, board: str | None, column: str | None,
             lane: str | None, kind: str | None, parent: str | None, priority: int | None,
             estimate: str | None, due: str | None, tags: tuple[str, ...],
             project: str | None, rate: str | None, description: str | None,
             sprint: str | None, force: bool) -> None:
    """Add a card at the bottom of its column.

    Example: fcc card add 'Fix login' --board Website --type bug --priority 1 --estimate 2h
    """
    data: dict[str, Any] = {"title": title, "board": board, "column": column, "lane": lane,
                            "type": kind, "parent": _parent(parent), "priority": priority,
                            "estimate": estimate, "due": due, "project": project,
                            "rate": rate, "description": description, "sprint": sprint}
    data = {k: v for k, v in data.items() if v is not None}
    if tags:
        data["tags"] = _tags(tags)
    with store_for(opts) as store:
        card = store.add_card(data, force=force)
        echo(f"added {card.type} {_label(card)} to {card.board} · {_place(card)}")


@card_group.command("list")
@click.option("--board", help="Only this board (default: every board).")
@click.option("--column", help="Only this column.")
@click.option("--lane", help="Only this swim lane.")
@click.option("--sprint", help="Only this sprint's cards.")
@click.option("--tag", help="Only cards with this tag.")
@click.option("--blocked", is_flag=True, help="Only cards with open blockers.")
@click.option("--text", help="Only cards whose title or description holds TEXT.")
@click.option("--archived", is_flag=True, help="Include archived cards.")
@click.option("--deleted", is_flag=True, help="Include deleted cards.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.option("--no-formula-guard", "no_guard", is_flag=True,
              help="CSV: write cells exactly as stored, without the ' fcc puts before a text "
                   "cell starting with =, +, -, @, tab or CR (a spreadsheet formula).")
@click.pass_obj
def card_list(opts: Options, board: str | None, column: str | None, lane: str | None,
              sprint: str | None, tag: str | None, blocked: bool, text: str | None,
              archived: bool, deleted: bool, fmt: str, no_guard: bool) -> None:
    """List cards by board, column, lane and position.

    Columns: id, type, title, column, lane, priority, due (overdue marked), tracked time /
    estimate (▶: a timer runs), open blockers, tags.  Example: fcc card list --blocked
    """
    from fcc.store.when import local_date
    from fcc.tui.cli.cardview import print_cards

    with store_for(opts, create=False) as store:
        # (a column or lane is named within a board: without --board, the only one)
        where: Any = board if board is not None else (
            None if column is not None or lane is not None else "*")
        cards = store.cards(board=where, column=column, lane=lane, sprint=sprint, tag=tag,
                            blocked=True if blocked else None, text=text,
                            include_archived=archived, include_deleted=deleted)
        print_cards(cards, fmt, local_date(store.clock.now(), store.prefs.zone),
                    guard=not no_guard)


@card_group.command("show")
@click.argument("card", metavar="ID", type=ID)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def card_show(opts: Options, card: int, fmt: str) -> None:
    """A card in full, with its comments and history.

    Description, progress of its children, tracked time against the estimate, dependencies
    both ways, comments, time entries and history.  Example: fcc card show 12
    """
    from fcc.store.when import local_date
    from fcc.tui.cli.cardview import detail_json, print_detail

    with store_for(opts, create=False) as store:
        detail = store.card_detail(card)
        zone = store.prefs.zone
        if fmt == "json":
            echo_json(detail_json(detail, zone))
            return
        print_detail(detail, _names(store, detail.card), zone,
                     local_date(store.clock.now(), zone))


def echo_json(value: object) -> None:
    click.echo(json_text(value, indent=2))


def _names(store: Store, card: rb.Card) -> dict[str, dict[int, str]]:
    """The names of the ids a card's history holds (columns, lanes, sprints, projects)."""
    board = store.board(card.board_id)
    names: dict[str, dict[int, str]] = {
        "column_id": {c.id: c.name for c in board.columns},
        "lane_id": {ln.id: ln.name for ln in board.lanes},
        "project_id": {p.id: p.label for p in store.list_projects(include_archived=True)},
    }
    try:
        names["sprint_id"] = {s.id: s.name for s in store.sprints(card.board_id)}
    except NotImplementedError:  # pragma: no cover - sprints not there yet
        names["sprint_id"] = {}
    return names


@card_group.command("edit")
@click.argument("card", metavar="ID", type=ID)
@click.option("--title", "new_title", help="A new title.")
@card_options
@click.option("--no-tags", is_flag=True, help="Remove every tag.")
@click.pass_obj
def card_edit(opts: Options, card: int, new_title: str | None, kind: str | None,
              parent: str | None, priority: int | None, estimate: str | None,
              due: str | None, tags: tuple[str, ...], project: str | None, rate: str | None,
              description: str | None, sprint: str | None, no_tags: bool) -> None:
    """Change a card's fields.

    'none' clears --parent, --estimate, --due, --project, --rate or --sprint.
    Example: fcc card edit 12 --priority 0 --due fri --sprint none
    """
    if tags and no_tags:
        raise InvalidInput("--no-tags", "either --tag TAG or --no-tags, not both")
    changes: dict[str, Any] = {}
    for key, value in (("title", new_title), ("type", kind), ("priority", priority),
                       ("description", description)):
        if value is not None:
            changes[key] = value
    for key, value in (("estimate", estimate), ("due", due), ("project", project),
                       ("rate", rate), ("sprint", sprint)):
        if value is not None:
            changes[key] = _or_none(value)
    if parent is not None:
        changes["parent"] = _parent(parent)
    if tags or no_tags:
        changes["tags"] = _tags(tags)
    if not changes:
        raise InvalidInput("edit", "something to change, e.g. --title TEXT or --priority 1")
    with store_for(opts) as store:
        done = store.edit_card(card, changes)
        fields = ", ".join("tags" if k == "tags" else k for k in changes)
        echo(f"changed {_label(done)}: {fields}")


@card_group.command("move")
@click.argument("card", metavar="ID", type=ID)
@click.option("--column", help="The column to move it to (name or number).")
@click.option("--lane", help="The swim lane to move it to; 'none' for no lane.")
@click.option("--position", type=click.IntRange(min=1),
              help="Its place in the column, 1 = top (default: the bottom).")
@click.option("--next", "step_next", is_flag=True, help="To the next column (right).")
@click.option("--prev", "step_prev", is_flag=True, help="To the previous column (left).")
@click.option("--up", is_flag=True, help="One place up within its column.")
@click.option("--down", is_flag=True, help="One place down within its column.")
@click.option("--force", is_flag=True, help="Even past a WIP limit or open blockers.")
@click.pass_obj
def card_move(opts: Options, card: int, column: str | None, lane: str | None,
              position: int | None, step_next: bool, step_prev: bool, up: bool, down: bool,
              force: bool) -> None:
    """Move a card to another column, lane or place.

    Example: fcc card move 12 --column Doing --lane Frontend --position 1
    """
    steps = [f for f, on in (("--next", step_next), ("--prev", step_prev), ("--up", up),
                             ("--down", down)) if on]
    placed = column is not None or lane is not None or position is not None
    if len(steps) > 1 or (steps and placed):
        given = " ".join(steps + [f for f, v in (("--column", column), ("--lane", lane),
                                                 ("--position", position)) if v is not None])
        raise InvalidInput(steps[0], "one move: --column/--lane/--position, --next, --prev, "
                           "--up or --down", given)
    if not steps and not placed:
        raise InvalidInput("--column", "where to move it, e.g. --column Doing or --next")
    with store_for(opts) as store:
        if step_next or step_prev:
            done = store.step_card(card, 1 if step_next else -1, force=force)
        elif up or down:
            done = store.reorder_card(card, -1 if up else 1)
            echo(f"moved {_label(done)} to place {done.position + 1} in {_place(done)}")
            return
        else:
            kwargs: dict[str, Any] = {"column": column, "force": force,
                                      "position": None if position is None else position - 1}
            if lane is not None:
                kwargs["lane"] = _or_none(lane)
            done = store.move_card(card, **kwargs)
        echo(f"moved {_label(done)} to {_place(done)}")


@card_group.command("done")
@click.argument("card", metavar="ID", type=ID)
@click.option("--force", is_flag=True, help="Even with open blockers or past a WIP limit.")
@click.pass_obj
def card_done(opts: Options, card: int, force: bool) -> None:
    """Move a card to its board's done column.  Example: fcc card done 12"""
    with store_for(opts) as store:
        done = store.done_card(card, force=force)
        echo(f"done: {_label(done)} (in {done.column})")


@card_group.command("archive")
@click.argument("card", metavar="ID", type=ID)
@click.option("--restore", is_flag=True, help="Unarchive instead.")
@click.pass_obj
def card_archive(opts: Options, card: int, restore: bool) -> None:
    """Archive a card: off the board, its history and time kept.  Example: fcc card archive 12"""
    with store_for(opts) as store:
        done = store.archive_card(card, archived=not restore)
        echo(f"{'unarchived' if restore else 'archived'} {_label(done)}")


@card_group.command("delete")
@click.argument("card", metavar="ID", type=ID)
@click.pass_obj
def card_delete(opts: Options, card: int) -> None:
    """Delete a card; `fcc card restore` or `fcc undo` brings it back.

    Its time entries stay and keep reporting.  Example: fcc card delete 12
    """
    with store_for(opts) as store:
        done = store.delete_card(card)
        echo(f"deleted {_label(done)}; fcc card restore {done.id} brings it back")


@card_group.command("restore")
@click.argument("card", metavar="ID", type=ID)
@click.pass_obj
def card_restore(opts: Options, card: int) -> None:
    """Bring a deleted card back where it was.  Example: fcc card restore 12"""
    with store_for(opts) as store:
        done = store.restore_card(card)
        echo(f"restored {_label(done)} to {done.board} · {_place(done)}")


@card_group.command("block")
@click.argument("card", metavar="ID", type=ID)
@click.option("--by", "by", type=ID, required=True, metavar="ID",
              help="The card that blocks it.")
@click.pass_obj
def card_block(opts: Options, card: int, by: int) -> None:
    """Say that card --by blocks card ID (ID cannot be done before it).

    Example: fcc card block 15 --by 12
    """
    with store_for(opts) as store:
        dep = store.block(card, by=by)
        from fcc.tui.cli.cardview import cut

        echo(f"#{dep.blocked_id} {cut(dep.blocked_title)} is blocked by "
             f"#{dep.blocker_id} {cut(dep.blocker_title)}")


@card_group.command("unblock")
@click.argument("card", metavar="ID", type=ID)
@click.option("--by", "by", type=ID, required=True, metavar="ID",
              help="The card that no longer blocks it.")
@click.pass_obj
def card_unblock(opts: Options, card: int, by: int) -> None:
    """Remove a dependency.  Example: fcc card unblock 15 --by 12"""
    with store_for(opts) as store:
        dep = store.unblock(card, by=by)
        echo(f"#{dep.blocked_id} is no longer blocked by #{dep.blocker_id}")


@card_group.command("comment")
@click.argument("card", metavar="ID", type=ID)
@click.argument("body", metavar="TEXT", required=False)
@click.option("--edit", "comment", type=ID, metavar="N",
              help="Replace comment N's text with TEXT (the old text stays in the history).")
@click.option("--delete", "remove", type=ID, metavar="N", help="Delete comment N.")
@click.pass_obj
def card_comment(opts: Options, card: int, body: str | None, comment: int | None,
                 remove: int | None) -> None:
    """Comment on a card, or edit or delete a comment.

    Example: fcc card comment 12 'waiting for the client'
    """
    if comment is not None and remove is not None:
        raise InvalidInput("--delete", "either --edit N TEXT or --delete N, not both")
    if remove is None and body is None:
        raise InvalidInput("TEXT", "the comment's text (required)")
    if remove is not None and body is not None:
        raise InvalidInput("TEXT", "no text with --delete N", body)
    with store_for(opts) as store:
        target = comment if comment is not None else remove
        if target is not None and target not in {c.id for c in store.comments(card)}:
            raise InvalidInput("--edit" if comment is not None else "--delete",
                               f"a comment of #{card} (see fcc card show {card})", str(target))
        if comment is not None:
            assert body is not None
            done = store.edit_comment(comment, body)
            echo(f"changed comment {done.id} on #{done.card_id}")
        elif remove is not None:
            done = store.delete_comment(remove)
            echo(f"deleted comment {done.id} on #{done.card_id}")
        else:
            assert body is not None
            done = store.add_comment(card, body)
            echo(f"added comment {done.id} to #{done.card_id}")


COMMANDS: list[click.Command] = [card_group]
