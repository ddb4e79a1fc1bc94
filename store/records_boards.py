"""What the board verbs hand out: boards, columns, lanes, cards, sprints, comments.

A card's number is its row id: a card is changed in place (unlike a time entry), so the id
never changes and is the short id users see and type (``#12``).
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, kw_only_default=True)
    def record(cls: type[_T]) -> type[_T]: ...
else:
    from fcc.store.recordtype import record

CARD_TYPES = ("epic", "story", "task", "bug")
# Which type may be whose child: epic > story > task/bug (an epic has no parent).
PARENT_TYPES = {"epic": (), "story": ("epic",), "task": ("epic", "story"),
                "bug": ("epic", "story")}
DEFAULT_COLUMNS = ("Backlog", "To do", "Doing", "Review", "Done")  # the last is done


@record
class Column:
    id: int
    board_id: int
    name: str
    position: int  # 0-based, left to right
    wip_limit: int | None
    is_done: bool
    cards: int = 0  # cards in it now (not deleted, not archived)

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.cards > self.wip_limit


@record
class Lane:
    id: int
    board_id: int
    name: str
    position: int
    cards: int = 0


@record
class Board:
    id: int
    uuid: str
    name: str
    project_id: int | None
    project: str | None  # the linked project's label (CLIENT/PROJECT)
    archived: bool
    created_at: dt.datetime
    columns: tuple[Column, ...] = ()
    lanes: tuple[Lane, ...] = ()
    cards: int = 0  # not deleted, not archived
    active_sprint: str | None = None


@record
class Card:
    """One work item, with what a board tile shows derived in the same read."""

    id: int
    uuid: str
    board_id: int
    board: str
    type: str  # epic | story | task | bug
    title: str
    description: str  # Markdown
    priority: int  # 0 (highest) .. 4
    estimate_minutes: int | None
    due: dt.date | None
    tags: tuple[str, ...]
    project_id: int | None
    project: str | None  # label CLIENT/PROJECT
    hourly_rate: Decimal | None  # the card's own rate (None: the project's / client's)
    parent_id: int | None
    column_id: int
    column: str
    lane_id: int | None
    lane: str | None
    sprint_id: int | None
    sprint: str | None
    position: int
    archived: bool
    deleted_at: dt.datetime | None
    done_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    source_key: str | None = None
    # Derived:
    blocked_by: tuple[int, ...] = ()  # open blockers (not in a done column, not deleted)
    blocks: tuple[int, ...] = ()  # cards this one blocks
    tracked_seconds: int = 0  # its own current entries (a running one up to now)
    children_done: int = 0
    children_total: int = 0
    subtree_seconds: int = 0  # its own plus its descendants' tracked time
    running: bool = False  # a timer runs on it now

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_by)

    @property
    def done(self) -> bool:
        return self.done_at is not None


@record
class Dependency:
    blocker_id: int
    blocked_id: int
    blocker_title: str
    blocked_title: str
    created_at: dt.datetime


@record
class Comment:
    id: int
    card_id: int
    author: str
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime | None
    deleted_at: dt.datetime | None


@record
class Sprint:
    id: int
    uuid: str
    board_id: int
    board: str
    name: str
    goal: str
    start: dt.date
    end: dt.date
    status: str  # planned | active | completed
    cards: int = 0
    cards_done: int = 0
    estimate_minutes: int = 0
    done_minutes: int = 0


@record
class BurndownDay:
    day: dt.date
    remaining_minutes: int  # estimate of the sprint's cards not done at the day's end
    done_minutes: int  # estimate of cards done that day
    done_cards: int


@record
class Burndown:
    sprint: Sprint
    days: tuple[BurndownDay, ...]


@record
class HistoryLine:
    """One logged change of a card (or its comments, dependencies): before → after."""

    at: dt.datetime
    actor: str
    entity: str
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None


@record
class CardDetail:
    card: Card
    children: tuple[Card, ...]
    blockers: tuple[Dependency, ...]  # what blocks it (open or not)
    blocking: tuple[Dependency, ...]  # what it blocks
    comments: tuple[Comment, ...]  # not deleted, oldest first
    history: tuple[HistoryLine, ...]  # oldest first
    entry_ids: tuple[int, ...] = ()  # numbers of its current time entries, newest first
