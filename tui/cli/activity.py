"""``fcc activity``: who changed what when, newest first, with each change's fields before ->
after (the store's ``activity_history``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import json_text
from fcc.tui.cli.base import ID, Options, say, store_for
from fcc.tui.cli.common import WHEN_HELP, local, when
from fcc.tui.text import one_line

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records_history import HistoryItem

FLAGS = {"entity": "--entity", "id": "--id", "limit": "--limit"}
VALUE_WIDTH = 120  # a value longer than this (a card's description) is cut with an ellipsis


@click.command("activity")
@click.option("--since", metavar="WHEN", help=f"Only changes from then on: {WHEN_HELP}.")
@click.option("--entity", metavar="KIND",
              help="Only changes of entry, card, plan, invoice, approval, client, project, "
                   "board, setting... (a table's name works too).")
@click.option("--id", "entity_id", type=ID, help="Only changes of this one (an entry's "
                                                 "number, a card's id...); needs --entity.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="At most this many changes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def activity(opts: Options, since: str | None, entity: str | None, entity_id: int | None,
             limit: int, fmt: str) -> None:
    """Who changed what when, newest first: each change's fields, before -> after.

    Example: fcc activity --since monday --entity card
    """
    if entity_id is not None and entity is None:
        raise click.UsageError("--id needs --entity (e.g. --entity entry --id 42)")
    with store_for(opts, create=False) as store:
        try:
            items = store.activity_history(since=when(store, since, "--since"), entity=entity,
                                           entity_id=entity_id, limit=limit)
        except InvalidInput as exc:
            raise exc.named(FLAGS) from None
        if fmt == "json":
            click.echo(json_text([item_row(i) for i in items], indent=2))
        elif not items:
            say("no changes" + (" of that kind" if entity else "")
                + (" since then" if since else ""))
        else:
            print_items(store, items)


def print_items(store: Store, items: list[HistoryItem]) -> None:
    """A batch's message once, then each of its changes: when, who, what, and its fields."""
    batch: object = object()  # no item's batch
    for item in items:
        if item.batch != batch or item.batch is None:
            if item is not items[0]:
                say()  # a blank line between batches
            batch = item.batch
            if item.message:
                say(f"# {one_line(item.message)} ({item.undo_note})")
        say(f"{local(store, item.at)}  {one_line(item.actor, 40)}  {item.action}  "
            f"{one_line(item.name, VALUE_WIDTH)}")
        for change in item.changes:
            if change.before is None or change.after is None:  # a create, a delete
                shown = one_line(change.after if change.before is None else change.before,
                                 VALUE_WIDTH)
            else:
                shown = (f"{one_line(change.before, VALUE_WIDTH)} → "
                         f"{one_line(change.after, VALUE_WIDTH)}")
            say(f"    {change.field}: {shown}")


def item_row(item: HistoryItem) -> dict[str, Any]:
    """An item as JSON data: each field's readable ``before``/``after`` (what the text shows;
    null for the side a create or delete has not) and the values logged (``old``/``new``)."""
    from fcc.store.limits import iso_z

    return {
        "id": item.id, "at": iso_z(item.at), "actor": item.actor, "entity": item.entity,
        "kind": item.kind, "entity_id": item.entity_id, "action": item.action,
        "name": item.name, "batch": item.batch, "message": item.message,
        "undo": item.undo, "undoable": item.undoable, "undo_note": item.undo_note,
        "changes": [{"field": c.field, "before": c.before, "after": c.after,
                     "old": c.old, "new": c.new} for c in item.changes],
    }


COMMANDS: list[click.Command] = [activity]
