"""A card as the board draws it: two lines of cells and a blank one (:data:`CARD_H` rows).

``#12 Fix the login page…       ⊘ ●``  the id, the title cut with an ellipsis, the marks
``bug P1 !10 Dec 1:30/4:00 ✓2/5``      type, priority, due (``!`` overdue), tracked /
                                        estimate, a parent's done children / all

Everything from the database is shown literally (``one_line``: no markup, controls shown);
the lines are plain (text, role) pieces, so the board styles them with its theme's component
classes and caches the result.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_boards as rb

CARD_H = 3  # two lines and a gap
BLOCKED_MARK = "⊘"
RUNNING_MARK = "●"
FOLDED_MARK = "▸"
TYPE_ROLE = {"epic": "epic", "story": "story", "task": "task", "bug": "bug"}

Piece = tuple[str, str]  # (text, role: a component class suffix, "" for the tile's own)


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def due_text(due: dt.date, today: dt.date) -> tuple[str, str]:
    """The due date as a tile shows it, and its role (overdue / today / "")."""
    if due < today:
        return f"!{due:%d %b}", "overdue"
    if due == today:
        return "today", "today"
    if due.year != today.year:
        return f"{due:%d %b %y}", ""
    return f"{due:%d %b}", ""


def time_text(card: rb.Card) -> str:
    """Tracked (a parent's: with its children's) against the estimate, ``1:30/4:00``."""
    seconds = card.subtree_seconds if card.children_total else card.tracked_seconds
    seconds = max(seconds, card.tracked_seconds)
    if card.estimate_minutes is None:
        return hm(seconds) if seconds else ""
    return f"{hm(seconds)}/{hm(card.estimate_minutes * 60)}"


def tile_lines(card: rb.Card, width: int, today: dt.date, *, folded: bool = False
               ) -> tuple[list[Piece], list[Piece]]:
    """The two lines of ``card`` in ``width`` cells, as (text, role) pieces that fill it."""
    marks: list[Piece] = []
    if card.blocked:
        marks += [(" " + BLOCKED_MARK, "blocked")]
    if card.running:
        marks += [(" " + RUNNING_MARK, "running")]
    mark_width = sum(cell_len(t) for t, _ in marks)
    ident = (FOLDED_MARK if folded else "") + f"#{card.id} "
    title_room = width - cell_len(ident) - mark_width
    title = fit(one_line(card.title), title_room)
    first: list[Piece] = [(ident, "id"), (title, "title")]
    pad = width - cell_len(ident) - cell_len(title) - mark_width
    if pad > 0:
        first.append((" " * pad, ""))
    first += marks

    parts: list[Piece] = [(card.type, TYPE_ROLE.get(card.type, "")), (f"P{card.priority}",
                                                                      f"p{card.priority}")]
    if card.due is not None:
        parts.append(due_text(card.due, today))
    spent = time_text(card)
    if spent:
        parts.append((spent, "time"))
    if card.children_total:
        parts.append((f"✓{card.children_done}/{card.children_total}", "progress"))
    second: list[Piece] = []
    used = 0
    for text, role in parts:
        room = width - used - (1 if second else 0)
        if room <= 0:
            break
        if second:
            second.append((" ", ""))
            used += 1
        shown = fit(text, room)
        second.append((shown, role))
        used += cell_len(shown)
    if used < width:
        second.append((" " * (width - used), ""))
    return first, second


def plain(pieces: list[Piece]) -> str:
    return "".join(text for text, _ in pieces)
