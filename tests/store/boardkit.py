"""Boards and cards for the sprint, comment and detail tests, made through the store's verbs."""

from __future__ import annotations

from typing import Any

from fcc.store import tables as t


def board(store: Any, name: str = "Web") -> int:
    """A board with the default columns (Backlog, To do, Doing, Review, Done)."""
    from fcc.store import records_boards as rb

    now = store.clock.now()
    with store.change("test board"):
        row = t.Board.create(name=name, created_at=now)
        for i, col in enumerate(rb.DEFAULT_COLUMNS):
            t.BoardColumn.create(board=row.id, name=col, position=i,
                                 is_done=i == len(rb.DEFAULT_COLUMNS) - 1)
    return row.id


def card(store: Any, board_id: int, title: str, *, column: str = "To do",
         estimate: int | None = None, sprint: str | None = None, parent: int | None = None,
         type: str = "task") -> int:
    now = store.clock.now()
    col = t.BoardColumn.get((t.BoardColumn.board == board_id) & (t.BoardColumn.name == column))
    with store.change("test card"):
        row = t.WorkItem.create(board=board_id, title=title, column=col.id, created_at=now,
                                updated_at=now, estimate_minutes=estimate, parent=parent,
                                type=type)
    if sprint is not None:
        join(store, row.id, sprint)
    return row.id


def join(store: Any, card_id: int, sprint: str | None) -> None:
    row = t.WorkItem.get_by_id(card_id)
    sid = None if sprint is None else t.Sprint.get(
        (t.Sprint.board == row.board_id) & (t.Sprint.name == sprint)).id
    with store.change("test join"):
        t.WorkItem.update(sprint=sid).where(t.WorkItem.id == card_id).execute()


def finish(store: Any, card_id: int) -> None:
    """Move the card to its board's done column now."""
    row = t.WorkItem.get_by_id(card_id)
    done = t.BoardColumn.get((t.BoardColumn.board == row.board_id) & t.BoardColumn.is_done)
    with store.change("test done"):
        t.WorkItem.update(column=done.id, done_at=store.clock.now()).where(
            t.WorkItem.id == card_id).execute()
