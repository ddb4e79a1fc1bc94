"""What the plan verbs hand out: the vision, cycles, goals with their measures, tactics, weekly
plans and their items, scores, the weekly review and the journal.

Weeks are numbered 1-12 within a cycle; week 13 is the cycle's review week (no plan of its own).
A plan item's number is its row id (``fcc plan check 41``). A week's **quota** is its committed
number of items; its **score** is ``min(done, quota) / quota`` in percent (``None`` with no
quota), against the method's 85 % bar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, kw_only_default=True)
    def record(cls: type[_T]) -> type[_T]: ...
else:
    from fcc.store.recordtype import record

BAR = Decimal(85)  # the 12-week year's execution bar, in percent
WEEKS = 12
REVIEW_WEEK = 13
MIDPOINT_WEEK = 6  # its review (or the start of week 7) locks weeks 7-12
GOAL_KINDS = ("business", "personal")
MEASURE_KINDS = ("lag", "lead")
MEASURE_SOURCES = ("manual", "hours", "billed")
MEASURE_PERIODS = ("cycle", "week")
ROLLED_FLAG = 3  # an item rolled over this many times is flagged


@record
class Vision:
    id: int
    title: str
    body: str  # the long-term picture
    three_year: str
    horizon_years: int
    updated_at: dt.datetime


@record
class Cycle:
    id: int
    uuid: str
    name: str
    start_date: dt.date  # the first day of week 1 (the user's week start)
    end_date: dt.date  # the last day of week 12
    review_end: dt.date  # the last day of week 13, the review week
    state: str  # 'draft' (not started), 'current' (weeks 1-13), 'past'
    week: int | None  # today's week, 1-13 (13: the review week); None unless current
    days_left: int | None  # days left until end_date, today included; None unless current
    midpoint_locked_at: dt.datetime | None  # set once: weeks 7-12 locked
    locks_on: dt.date  # the first day of week 7, when the lock is set at the latest

    @property
    def locked(self) -> bool:
        return self.midpoint_locked_at is not None

    def week_start(self, week: int) -> dt.date:
        return self.start_date + dt.timedelta(weeks=week - 1)

    def week_end(self, week: int) -> dt.date:
        return self.week_start(week) + dt.timedelta(days=6)


@record
class Measure:
    id: int
    goal_id: int
    kind: str  # 'lag' (the result) or 'lead' (an action)
    name: str
    unit: str  # '' , 'h', a currency code, or any word ('calls')
    target: Decimal | None  # per cycle or per week (``period``)
    source: str  # 'manual' (typed), 'hours' (tracked), 'billed' (amount)
    period: str  # 'cycle' or 'week'
    scope: dict[str, Any]  # computed ones: projects/clients/cards (ids), tags (names)
    scope_label: str  # the scope as users type it ("client:Acme, tag:sales"), '' for all
    actual: Decimal | None  # cycle to date ('cycle'), or this week's ('week')
    weeks: tuple[Decimal | None, ...]  # weeks 1-12's values (computed or typed), None: none

    @property
    def computed(self) -> bool:
        return self.source != "manual"

    @property
    def progress(self) -> Decimal | None:
        """``actual / target`` in percent (may pass 100), None without both."""
        if self.target is None or self.actual is None or self.target == 0:
            return None
        return (self.actual * 100 / self.target).quantize(Decimal("0.1"))


@record
class Tactic:
    id: int
    goal_id: int
    title: str
    first_week: int
    last_week: int
    work_item_id: int | None
    card_title: str | None
    project_id: int | None
    project: str | None  # CLIENT/PROJECT label
    position: int

    @property
    def weeks_label(self) -> str:
        if (self.first_week, self.last_week) == (1, WEEKS):
            return "every week"
        if self.first_week == self.last_week:
            return f"W{self.first_week}"
        return f"W{self.first_week}-W{self.last_week}"


@record
class Goal:
    id: int
    cycle_id: int
    kind: str  # 'business' or 'personal'
    title: str
    why: str
    measures: tuple[Measure, ...]  # lag first, then leads, by position
    tactics: tuple[Tactic, ...]
    score: Decimal | None  # its items done / planned over the weeks so far, percent


@record
class PlanItem:
    id: int
    cycle_id: int
    week: int
    title: str
    position: int
    goal_id: int | None
    goal_kind: str | None
    tactic_id: int | None
    work_item_id: int | None
    card_title: str | None
    card_column: str | None  # the linked card's column now
    card_minutes_week: int  # tracked on the linked card in the item's week (0 without one)
    done: bool
    done_at: dt.datetime | None
    dropped_at: dt.datetime | None
    drop_reason: str
    rolled_over: int  # times it was recommitted to a later week
    origin_id: int | None
    origin_kind: str | None  # 'recommit' or 'breakdown'
    handled: bool  # recommitted or broken down into a later week already

    @property
    def flagged(self) -> bool:
        return self.rolled_over >= ROLLED_FLAG

    @property
    def mark(self) -> str:
        """The checkbox the pane and the command line draw: ``[x]`` done, ``[-]`` dropped,
        ``[>]`` carried on (recommitted or broken down), ``[ ]`` open."""
        if self.dropped_at is not None:
            return "[-]"
        if self.done:
            return "[x]"
        return "[>]" if self.handled else "[ ]"

    @property
    def open(self) -> bool:
        """Unfinished and still to decide on: not done, not dropped, not carried on."""
        return not self.done and self.dropped_at is None and not self.handled


@record
class WeekPlan:
    cycle_id: int
    week: int
    start: dt.date
    end: dt.date
    quota: int  # committed items
    done: int  # items done (counted up to the quota in the score)
    score: Decimal | None  # percent, None with no quota
    locked: bool  # quota locked at the midpoint
    current: bool
    ended: bool
    reviewed_at: dt.datetime | None
    review: str
    items: tuple[PlanItem, ...]  # by goal (business, personal, none), then position

    @property
    def planned(self) -> int:
        """Its items not dropped: the quota while the week follows its plan; once it has ended
        or is locked the quota stays what was committed, and the two may differ."""
        return sum(1 for i in self.items if i.dropped_at is None)


@record
class WeekScore:
    week: int
    quota: int
    done: int
    score: Decimal | None
    locked: bool
    reviewed: bool
    started: bool  # the week has begun (later weeks are not scored yet)


@record
class Scores:
    cycle_id: int
    weeks: tuple[WeekScore, ...]  # 1-12
    goals: tuple[tuple[str, int, Decimal | None], ...]  # (kind, goal id, score)
    cycle: Decimal | None  # the mean of the started weeks' scores
    bar: Decimal = BAR


@record
class ReviewState:
    cycle_id: int
    week: int  # the week under review (the latest ended one not reviewed, or the one asked)
    plan: WeekPlan
    unfinished: tuple[PlanItem, ...]  # open items of that week: recommit, break down or drop
    lapsed: tuple[int, ...]  # earlier ended weeks never reviewed (finishing marks them too)
    next_week: int | None  # the week planned next (None after week 12)
    midpoint: bool  # finishing this review locks weeks 7-12


@record
class JournalNote:
    id: int
    cycle_id: int
    week: int  # 1-13
    kind: str  # 'note' or 'review'
    body: str
    at: dt.datetime
    zone: str
    edited_at: dt.datetime | None


@record
class PlanView:
    """Everything the Plan pane draws, read in one go."""

    cycle: Cycle | None
    vision: Vision | None
    goals: tuple[Goal, ...]
    week: WeekPlan | None  # the week shown (today's, or week 12 in the review week)
    scores: Scores | None
    review_due: int | None  # a week waiting for its review
    journal_count: int


@record
class ContextEntry:
    """One of a card's recent time entries (``fcc context``)."""

    id: int  # the entry's number
    start: dt.datetime
    minutes: int  # up to now for a running one
    note: str


@record
class ContextCard:
    """A card in progress, as ``fcc context`` tells an assistant about it."""

    id: int
    title: str
    board: str
    column: str
    project: str | None  # CLIENT/PROJECT label
    description: str
    minutes_recent: int  # tracked in the last 7 days (a running timer up to now)
    running: bool  # a timer runs on it now
    entries: tuple[ContextEntry, ...]  # its last 5 entries, newest first


@record
class Context:
    """What an assistant needs to know about the work now: the cycle's goals, a week's plan
    and score, the cards in progress (``fcc context``)."""

    cycle: Cycle | None  # None: no current (or drafted) cycle
    goals: tuple[Goal, ...]
    week: WeekPlan | None
    cards: tuple[ContextCard, ...]
    recent_days: int = 7
