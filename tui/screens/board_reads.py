"""What the Boards pane reads (on the store's thread) and how it turns that into a layout (on
the UI loop): the board and its cards in one read, then columns, lanes, the filter and the
folded parents applied to the cards it holds, so none of those asks the store again.

The all-boards view (``board="*"``) shows every board's cards: a column stands for the columns
of every board with that name (left to right as they first appear), each board is a band.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from fcc.store.names import name_key
from fcc.tui.widgets.board_layout import Layout, ViewColumn, ViewLane, build_layout

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store

ALL = "*"  # the all-boards view


@dataclasses.dataclass(frozen=True)
class BoardData:
    """One read: the board shown (None: the all-boards view, or no board yet), every board
    (for the picker and the all-boards view), its cards in the store's order."""

    counter: int
    ref: int | str | None  # a board's id, ALL, or None (no board yet)
    board: rb.Board | None
    boards: tuple[rb.Board, ...]
    cards: tuple[rb.Card, ...]
    zone: str = "UTC"  # today's date on the tiles (due, overdue) is the user's

    @property
    def title(self) -> str:
        if self.ref == ALL:
            return "All boards"
        return self.board.name if self.board is not None else "No board yet"


def read_board(store: Store, ref: int | str | None) -> BoardData:
    """The board ``ref`` (its id; None: the first one; ALL: every board) and its cards; a
    board archived or removed meanwhile gives way to the first one."""
    counter = store.change_counter()
    zone = store.prefs.zone
    boards = tuple(store.boards())
    if ref == ALL:
        return BoardData(counter, ALL, None, boards, tuple(store.cards(board=ALL)), zone)
    if not boards:
        return BoardData(counter, None, None, boards, (), zone)
    ids = [b.id for b in boards]
    chosen = ref if ref in ids else ids[0]
    board, cards = store.board_cards(chosen)
    return BoardData(counter, board.id, board, boards, tuple(cards), zone)


def hidden_by_fold(cards: Sequence[rb.Card], folded: set[int]) -> set[int]:
    """The cards under a folded parent (at any depth)."""
    if not folded:
        return set()
    parent = {c.id: c.parent_id for c in cards}
    hidden: set[int] = set()
    for card in cards:
        seen: set[int] = set()
        up = card.parent_id
        while up is not None and up not in seen:
            if up in folded:
                hidden.add(card.id)
                break
            seen.add(up)
            up = parent.get(up)
    return hidden


def view_columns(data: BoardData) -> list[ViewColumn]:
    counts: dict[int, int] = {}
    for card in data.cards:
        counts[card.column_id] = counts.get(card.column_id, 0) + 1
    if data.board is not None:
        return [ViewColumn(str(c.id), c.name, frozenset({c.id}), c.wip_limit, c.is_done,
                           counts.get(c.id, 0))
                for c in sorted(data.board.columns, key=lambda c: c.position)]
    merged: dict[str, tuple[str, set[int], bool, int]] = {}
    order: list[tuple[int, int, str]] = []
    for b, board in enumerate(data.boards):
        for column in sorted(board.columns, key=lambda c: c.position):
            key = name_key(column.name)
            if key not in merged:
                merged[key] = (column.name, set(), False, 0)
                order.append((column.position, b, key))
            name, ids, done, count = merged[key]
            ids.add(column.id)
            merged[key] = (name, ids, done or column.is_done, count + counts.get(column.id, 0))
    return [ViewColumn(key, merged[key][0], frozenset(merged[key][1]), None, merged[key][2],
                       merged[key][3]) for _, _, key in sorted(order)]


def view_lanes(data: BoardData) -> list[ViewLane]:
    if data.board is None:
        return [ViewLane(b.id, b.name) for b in data.boards]
    lanes = [ViewLane(lane.id, lane.name)
             for lane in sorted(data.board.lanes, key=lambda lane: lane.position)]
    return [*lanes, ViewLane(None, "No lane")] if lanes else []


def layout_of(data: BoardData, *, lanes_on: bool, keep: Callable[[rb.Card], bool] | None,
              folded: set[int]) -> tuple[Layout, int]:
    """The layout of the cards ``keep`` lets through (all: None), folded children hidden,
    and how many cards it shows."""
    hidden = hidden_by_fold(data.cards, folded)
    cards = [c for c in data.cards if c.id not in hidden and (keep is None or keep(c))]
    lane_of: dict[int, int | None] | None = (
        {c.id: c.board_id for c in cards} if data.board is None else None)
    layout = build_layout(view_columns(data), view_lanes(data), cards, lane_of=lane_of,
                          lanes_on=lanes_on)
    return layout, len(cards)


def with_card(data: BoardData, card: rb.Card, *, delta: int = 0) -> BoardData:
    """``data`` with ``card``'s new record, at once (the next read brings the store's order):
    moved to another column or lane, at the bottom of its cell; reordered (``delta``), past
    its neighbour in the cell; deleted or archived, gone; else in its place."""
    cards = list(data.cards)
    index = next((i for i, c in enumerate(cards) if c.id == card.id), None)
    if index is None:
        return dataclasses.replace(data, cards=tuple(cards))
    old = cards[index]
    if card.deleted_at is not None or card.archived:
        del cards[index]
        return dataclasses.replace(data, cards=tuple(cards))
    if delta:
        cell = [i for i, c in enumerate(cards)
                if c.column_id == old.column_id and c.lane_id == old.lane_id]
        at = cell.index(index)
        other = at + delta
        cards[index] = card
        if 0 <= other < len(cell):
            j = cell[other]
            cards[index], cards[j] = cards[j], cards[index]
        return dataclasses.replace(data, cards=tuple(cards))
    if (old.column_id, old.lane_id, old.board_id) == (card.column_id, card.lane_id,
                                                      card.board_id):
        cards[index] = card
        return dataclasses.replace(data, cards=tuple(cards))
    del cards[index]
    same = [i for i, c in enumerate(cards)
            if c.column_id == card.column_id and c.lane_id == card.lane_id]
    if same:
        cards.insert(same[-1] + 1, card)
    else:
        cards.insert(_slot(data, cards, card), card)
    return dataclasses.replace(data, cards=tuple(cards))


def _slot(data: BoardData, cards: list[rb.Card], card: rb.Card) -> int:
    """Where a card goes in the store's order (board, column, lane, position) among
    ``cards`` when its cell is empty."""
    column_at: dict[int, int] = {}
    lane_at: dict[int, int] = {}
    for board in data.boards if data.board is None else (data.board,):
        column_at.update({c.id: c.position for c in board.columns})
        lane_at.update({lane.id: lane.position for lane in board.lanes})

    def key(c: rb.Card) -> tuple[int, int, int]:
        lane = lane_at.get(c.lane_id, 1 << 30) if c.lane_id is not None else 1 << 30
        return (c.board_id, column_at.get(c.column_id, 0), lane)

    target = key(card)
    return next((i for i, c in enumerate(cards) if key(c) > target), len(cards))


def lookup(data: BoardData, card_id: int | None) -> rb.Card | None:
    if card_id is None:
        return None
    return next((c for c in data.cards if c.id == card_id), None)


def stepped(data: BoardData, card: rb.Card, delta: int) -> rb.Card | None:
    """``card`` as a step of ``delta`` columns will leave it (shown before the store answers),
    or None when the store may refuse it: at the edge, into a column at its WIP limit, or a
    blocked card into a done column."""
    from fcc.store.recordtype import replace

    board = data.board if data.board is not None else next(
        (b for b in data.boards if b.id == card.board_id), None)
    if board is None:
        return None
    columns = sorted(board.columns, key=lambda c: c.position)
    at = next((i for i, c in enumerate(columns) if c.id == card.column_id), None)
    if at is None or not 0 <= at + delta < len(columns):
        return None
    target = columns[at + delta]
    if target.wip_limit is not None and sum(
            1 for c in data.cards if c.column_id == target.id) >= target.wip_limit:
        return None
    if target.is_done and card.blocked:
        return None
    return replace(card, column_id=target.id, column=target.name)
