"""Where each card of a board goes on screen: columns left to right, swim lanes as bands top to
bottom, each band as tall as its fullest cell. Plain values, built on the UI loop from the cards
the pane holds (a few ms for 5,000 cards), so filtering, folding and the lane toggle never ask
the store; the board widget draws only the lines in view from it.

Line numbers here are the board's body lines (below its header), 0 at the top.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from fcc.tui.widgets.card_tile import CARD_H

if TYPE_CHECKING:
    from fcc.store import records_boards as rb


@dataclasses.dataclass(frozen=True)
class ViewColumn:
    """A column as the pane shows it. In the all-boards view one column stands for the
    columns of every board with the same name (``ids``)."""

    key: str
    name: str
    ids: frozenset[int]
    wip_limit: int | None
    done: bool
    count: int = 0  # its cards (all of them, not only those the filter shows)

    @property
    def over(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit


@dataclasses.dataclass(frozen=True)
class ViewLane:
    key: int | None  # a lane's id (all boards: a board's id); None: cards without a lane
    name: str


@dataclasses.dataclass
class Band:
    """One swim lane across the columns (or, lanes off, the whole board)."""

    lane: ViewLane | None  # None: lanes are off (no band title)
    top: int  # its first line (its title line when it has one)
    rows: int  # cards in its fullest cell
    cells: list[list[rb.Card]]  # per column, top to bottom

    @property
    def body_top(self) -> int:
        return self.top + (1 if self.lane is not None else 0)

    @property
    def height(self) -> int:
        return (1 if self.lane is not None else 0) + max(self.rows, 1) * CARD_H


@dataclasses.dataclass(frozen=True)
class Spot:
    """Where a card is: its column, band and place in the cell."""

    column: int
    band: int
    index: int


class Layout:
    """The cards placed: ``bands`` top to bottom, ``where`` a card id's :class:`Spot`."""

    def __init__(self, columns: Sequence[ViewColumn], bands: list[Band]) -> None:
        self.columns = list(columns)
        self.bands = bands
        self.tops = [b.top for b in bands]
        self.height = bands[-1].top + bands[-1].height if bands else 0
        self.where: dict[int, Spot] = {}
        for b, band in enumerate(bands):
            for c, cell in enumerate(band.cells):
                for i, card in enumerate(cell):
                    self.where[card.id] = Spot(c, b, i)
        self.cards = len(self.where)

    def at_line(self, y: int) -> tuple[int, int | None, int]:
        """(band, card index or None on the band's title line, line within the card)."""
        b = max(0, bisect.bisect_right(self.tops, y) - 1)
        band = self.bands[b]
        if y < band.body_top:
            return b, None, 0
        r = y - band.body_top
        return b, r // CARD_H, r % CARD_H

    def card_at(self, column: int, y: int) -> rb.Card | None:
        if not self.bands or not 0 <= column < len(self.columns) or y < 0 or y >= self.height:
            return None
        b, index, _ = self.at_line(y)
        cell = self.bands[b].cells[column]
        return cell[index] if index is not None and index < len(cell) else None

    def lines_of(self, card_id: int) -> tuple[int, int] | None:
        """The first line of a card and the line after it (its gap not counted)."""
        spot = self.where.get(card_id)
        if spot is None:
            return None
        top = self.bands[spot.band].body_top + spot.index * CARD_H
        return top, top + CARD_H - 1

    def column_cards(self, column: int) -> list[rb.Card]:
        """A column's cards top to bottom, band after band."""
        return [card for band in self.bands for card in band.cells[column]]


def build_layout(columns: Sequence[ViewColumn], lanes: Sequence[ViewLane],
                 cards: Iterable[rb.Card], *, lane_of: dict[int, int | None] | None = None,
                 lanes_on: bool = True) -> Layout:
    """Place ``cards`` (in the store's order) in ``columns`` and, with ``lanes_on``, in the
    bands of ``lanes`` (a card whose lane is not listed goes to the lane ``None``, listed or
    not). ``lane_of``: card id -> lane key, when a card's lane is not its ``lane_id``."""
    col_of = {cid: i for i, column in enumerate(columns) for cid in column.ids}
    use_lanes = lanes_on and bool(lanes)
    band_keys: list[int | None] = [lane.key for lane in lanes] if use_lanes else [None]
    band_index = {key: i for i, key in enumerate(band_keys)}
    cells: list[list[list[rb.Card]]] = [[[] for _ in columns] for _ in band_keys]
    stray: list[list[rb.Card]] = [[] for _ in columns]  # a lane not listed: no-lane band
    for card in cards:
        c = col_of.get(card.column_id)
        if c is None:
            continue
        if not use_lanes:
            cells[0][c].append(card)
            continue
        key = lane_of[card.id] if lane_of is not None else card.lane_id
        b = band_index.get(key)
        if b is None:
            stray[c].append(card)
        else:
            cells[b][c].append(card)
    band_lanes: list[ViewLane | None] = list(lanes) if use_lanes else [None]
    if any(stray):
        if None in band_index:
            for c, extra in enumerate(stray):
                cells[band_index[None]][c].extend(extra)
        else:
            band_lanes.append(ViewLane(None, "No lane"))
            cells.append(stray)
    bands: list[Band] = []
    top = 0
    for lane, lane_cells in zip(band_lanes, cells, strict=True):
        if use_lanes and lane is not None and lane.key is None and not any(lane_cells):
            continue  # the "no lane" band only when a card is in it
        band = Band(lane, top, max((len(cell) for cell in lane_cells), default=0), lane_cells)
        bands.append(band)
        top += band.height
    return Layout(columns, bands)
