"""Boards and cards for the sprint, comment and detail tests, made through the store's verbs."""

from __future__ import annotations

from typing import Any


def board(store: Any, name: str = "Web") -> int:
    """A board with the default columns (Backlog, To do, Doing, Review, Done)."""
    return int(store.create_board(name).id)


def card(store: Any, board_id: int, title: str, *, column: str = "To do",
         estimate: int | None = None, sprint: str | None = None) -> int:
    data: dict[str, Any] = {"title": title, "board": board_id, "column": column,
                            "estimate": estimate}
    if sprint is not None:
        data["sprint"] = sprint
    return int(store.add_card(data).id)


def join(store: Any, card_id: int, sprint: str | None) -> None:
    store.edit_card(card_id, {"sprint": sprint})


def finish(store: Any, card_id: int) -> None:
    """Move the card to its board's done column now (``done_at`` is the clock's now)."""
    store.done_card(card_id)
