"""The weekly review (``r`` on the Plan pane): a screen of steps, one at a time.

1. last week's score (done of quota against the 85 % bar), and the weeks that lapsed unreviewed;
2. each unfinished item in turn: recommit it to this week (``c``), break it down into new items
   (``b``, titles typed), drop it with a reason (``d``), or leave it (``s``); an item rolled
   over three times or more is flagged;
3. the review's text (it goes to the week's journal);
4. the plan of the week after, where items can still be added (``n``).

Every choice is the store's verb at once (``recommit_item``, ``break_down_item``,
``drop_item``: each its own change in the activity log, each undoable); the text step calls
``finish_review``, which marks the week (and the lapsed ones) reviewed — week 6's locks weeks
7-12.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static, TextArea

from fcc.store.errors import FccError, InvalidInput
from fcc.tui.screens.forms import Job
from fcc.tui.screens.plan_forms import DropModal, ItemModal, PlanForm
from fcc.tui.screens.plan_reads import days
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.plan_items import ItemList
from fcc.tui.widgets.plan_scores import pct

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store
    from fcc.store.clock import Clock

SCORE, ITEM, TEXT, NEXT = "score", "item", "text", "next"


@dataclasses.dataclass(frozen=True)
class ReviewData:
    state: rp.ReviewState
    goals: tuple[rp.Goal, ...]
    bar: Any  # Decimal: the execution bar


def read_review(store: Store, week: int | None = None,
                otherwise: int | None = None) -> ReviewData | None:
    """The review of ``week`` (None: the week due; none due: ``otherwise``, the week shown —
    a week may be reviewed before it ends, week 6's to lock the second half on time)."""
    state = store.review(week)
    if state is None and week is None and otherwise is not None:
        state = store.review(otherwise)
    if state is None:
        return None
    return ReviewData(state, tuple(store.goals()), store.scores().bar)


class BreakDownModal(PlanForm):
    """``b`` in the review: the item's new, smaller items (titles separated by ``;``)."""

    FIELDS = (("titles", "New items"),)
    HINTS = {"titles": "first step; second step; …"}
    SUBMIT = "Break down"

    def __init__(self, clock: Clock, item: rp.PlanItem, week: int | None) -> None:
        super().__init__(clock, heading=f"#{item.id} {one_line(item.title, 80)}")
        self.item = item.id
        self.week = week
        self.form_title = f"Break #{item.id} down"

    def submit(self) -> Job[str]:
        titles = [t.strip() for t in self.field("titles").split(";") if t.strip()]
        if not titles:
            raise InvalidInput("titles", "one or more titles separated by ;")
        item, week = self.item, self.week

        def split(store: Store) -> str:
            made = store.break_down_item(item, titles, week=week)
            return f"broke #{item} down into " + ", ".join(f"#{i.id}" for i in made)

        return split


class ReviewScreen(Screen[str | None]):
    """The weekly review, step by step; escape leaves (what was decided stays decided)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="review.close",
                tooltip="Leave the review (choices made so far are kept)"),
        Binding("enter", "next", "Next", id="review.next", tooltip="Go on to the next step"),
        Binding("c", "recommit", "Recommit", id="review.recommit",
                tooltip="Carry the item over to this week"),
        Binding("b", "break_down", "Break down", id="review.break",
                tooltip="Replace the item with smaller new ones"),
        Binding("d", "drop", "Drop", id="review.drop", tooltip="Drop the item, with a reason"),
        Binding("s", "skip", "Skip", id="review.skip", tooltip="Leave the item undecided"),
        Binding("ctrl+s", "finish", "Finish", id="review.finish",
                tooltip="Finish the review with the text written"),
        Binding("n", "add_item", "Add", id="review.add", tooltip="Add an item to the week"),
    ]

    def __init__(self, data: ReviewData) -> None:
        super().__init__(classes="review-screen")
        self.data = data
        self.unfinished = list(data.state.unfinished)
        self.done: dict[int, str] = {}  # item id -> what was decided
        self.step = SCORE
        self.index = 0  # the unfinished item shown
        self.next_plan: rp.WeekPlan | None = None
        self.busy = False  # a choice is on its way to the store: keys wait for it

    @property
    def state(self) -> rp.ReviewState:
        return self.data.state

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static("", id="review-title")
            with VerticalScroll(id="review-scroll"):
                yield Static("", id="review-body")
            yield TextArea(id="review-text", soft_wrap=True)
            yield ItemList(id="review-items")
            with Horizontal(id="review-buttons", classes="buttons"):
                yield Button("Finish review (ctrl+s)", variant="primary", id="review-finish")
        yield KeyBar(id="review-keys")

    def on_mount(self) -> None:
        self.draw()

    # --- steps -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.busy and action != "close":
            return None  # shown, not run: the choice made a moment ago is being written
        on_item = self.step == ITEM
        if action in ("recommit", "break_down", "drop", "skip"):
            return on_item
        if action == "finish":
            return self.step == TEXT
        if action == "add_item":
            return self.step == NEXT and self.next_plan is not None
        if action == "next":
            return self.step != TEXT  # enter writes a new line there
        return True

    def draw(self) -> None:
        self.query_one("#review-title", Static).update(self._title())
        body = self.query_one("#review-body", Static)
        text = self.query_one("#review-text", TextArea)
        items = self.query_one("#review-items", ItemList)
        text.display = self.step == TEXT
        self.query_one("#review-buttons").display = self.step == TEXT
        items.display = self.step == NEXT
        self.query_one("#review-scroll").display = True
        if self.step == SCORE:
            body.update(self._score_text())
        elif self.step == ITEM:
            body.update(self._item_text(self.unfinished[self.index]))
        elif self.step == TEXT:
            body.update(self._text_text())
            text.focus()
        else:
            body.update(self._next_text())
            if self.next_plan is not None:
                items.show(self.next_plan, self.data.goals, empty="No items yet: n adds one.")
                items.focus()
        self.refresh_bindings()

    def _title(self) -> Text:
        state = self.state
        steps = 2 + len(self.unfinished) + (1 if state.next_week is not None else 0)
        at = {SCORE: 1, ITEM: 2 + self.index, TEXT: 2 + len(self.unfinished),
              NEXT: steps}[self.step]
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f" Weekly review · W{state.week}", style="bold")
        out.append(f"  {days(state.plan.start, state.plan.end)}")
        out.append(f"  step {at} of {steps}", style="dim")
        return out

    def _score_text(self) -> Text:
        state, plan = self.state, self.state.plan
        met = plan.score is not None and plan.score >= self.data.bar
        out = Text()
        out.append(f"W{state.week}'s execution score: ", style="bold")
        out.append(pct(plan.score) + "  ", style="bold green" if met else "bold red")
        out.append(f"({plan.done} done of a quota of {plan.quota}; the bar is "
                   f"{pct(self.data.bar)})\n\n")
        for item in plan.items:
            out.append(f"  {item.mark} {one_line(item.title, 100)}\n",
                       style="dim" if item.dropped_at is not None else "")
        if state.lapsed:
            weeks = ", ".join(f"W{w}" for w in state.lapsed)
            out.append(f"\nNot reviewed: {weeks}. Finishing this review marks them reviewed "
                       "too — start again from here.\n", style="yellow")
        if state.midpoint:
            out.append("\nThis is the midpoint review: finishing it locks the quotas of "
                       "W7–W12.\n", style="bold yellow")
        count = len(self.unfinished)
        out.append(f"\n{count} unfinished item{'s' if count != 1 else ''} to decide on. "
                   if count else "\nEvery item was done or decided on. ")
        out.append("enter goes on.", style="dim")
        return out

    def _item_text(self, item: rp.PlanItem) -> Text:
        out = Text()
        count = len(self.unfinished)
        out.append(f"Unfinished {self.index + 1} of {count}\n\n", style="dim")
        out.append(f"#{item.id} ", style="bold")
        out.append(one_line(item.title, 200) + "\n", style="bold")
        goal = item.goal_kind.capitalize() + " goal" if item.goal_kind else "no goal"
        out.append(f"{goal}")
        if item.work_item_id is not None:
            out.append(f" · card #{item.work_item_id}")
            if item.card_title:
                out.append(f" {one_line(item.card_title, 60)}")
        out.append("\n")
        if item.flagged:
            out.append(f"\n⚑ rolled over {item.rolled_over} times: break it down or drop it?\n",
                       style="bold yellow")
        elif item.rolled_over:
            out.append(f"\nrolled over {item.rolled_over} time"
                       f"{'s' if item.rolled_over != 1 else ''}\n", style="dim")
        decided = self.done.get(item.id)
        if decided:
            out.append(f"\n{decided}\n", style="green")
        to = f"W{self.state.next_week}" if self.state.next_week is not None else "this week"
        out.append(f"\nc recommit to {to} · b break down · d drop · s skip", style="dim")
        return out

    def _text_text(self) -> Text:
        out = Text()
        for item in self.unfinished:
            said = self.done.get(item.id)
            out.append(f"{one_line(item.title, 60)}: ", style="dim")
            out.append(f"{said or 'left open'}\n", style="green" if said else "yellow")
        if self.unfinished:
            out.append("\n")
        out.append("What went well, what did not, what changes next week?\n", style="bold")
        out.append(f"It goes into W{self.state.week}'s journal. Tab to the button, or ctrl+s.",
                   style="dim")
        return out

    def _next_text(self) -> Text:
        plan = self.next_plan
        out = Text()
        if plan is None:
            out.append("The cycle's twelve weeks are reviewed. escape closes.", style="bold")
            return out
        out.append(f"W{self.state.week} reviewed. ", style="green")
        out.append(f"W{plan.week}'s plan  ", style="bold")
        out.append(f"{days(plan.start, plan.end)} · quota {plan.quota}"
                   f"{' (locked)' if plan.locked else ''}\n", style="dim")
        out.append("n adds an item · escape closes", style="dim")
        return out

    # --- moving on -------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.step == SCORE:
            self.step, self.index = (ITEM, 0) if self.unfinished else (TEXT, 0)
        elif self.step == ITEM:
            self._advance()
            return
        elif self.step == NEXT:
            self.dismiss(f"reviewed W{self.state.week}")
            return
        self.draw()

    def _advance(self) -> None:
        if self.index + 1 < len(self.unfinished):
            self.index += 1
        else:
            self.step = TEXT
        self.draw()

    def action_skip(self) -> None:
        self._advance()

    def decide(self, job: Job[str]) -> None:
        item = self.unfinished[self.index]
        self.busy = True

        def done(said: str) -> None:
            self.busy = False
            self.done[item.id] = said  # shown on the text step (no toast over the steps)
            self._advance()

        store_work(self).run(self, job, done, group="review", failed=self._failed)

    def action_recommit(self) -> None:
        item = self.unfinished[self.index]

        def recommit(store: Store) -> str:
            new = store.recommit_item(item.id)
            return f"recommitted #{item.id} to W{new.week} as #{new.id}"

        self.decide(recommit)

    def action_break_down(self) -> None:
        item = self.unfinished[self.index]

        def answered(said: str | None) -> None:
            if said is not None:
                self.done[item.id] = said
                self._advance()

        self.app.push_screen(BreakDownModal(self.app.clock, item, None),  # type: ignore
                             answered)

    def action_drop(self) -> None:
        item = self.unfinished[self.index]

        def answered(said: str | None) -> None:
            if said is not None:
                self.done[item.id] = said
                self._advance()

        self.app.push_screen(DropModal(self.app.clock, item), answered)  # type: ignore

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "review-finish":
            self.action_finish()

    def action_finish(self) -> None:
        if self.busy:  # (the button is not a key: check_action does not stop it)
            return
        text = self.query_one("#review-text", TextArea).text
        week, next_week, cycle = self.state.week, self.state.next_week, self.state.cycle_id

        def finish(store: Store) -> rp.WeekPlan | None:
            store.finish_review(week, text, cycle=cycle)
            return store.week_plan(next_week, cycle=cycle) if next_week is not None else None

        def done(plan: rp.WeekPlan | None) -> None:
            self.busy = False
            self.next_plan = plan
            self.step = NEXT
            self.draw()

        self.busy = True
        store_work(self).run(self, finish, done, group="review",
                             failed=self._failed)

    def _failed(self, exc: FccError) -> None:
        self.busy = False
        self.app.store_failed(exc)  # type: ignore[attr-defined]

    def action_add_item(self) -> None:
        plan = self.next_plan
        if plan is None:
            return
        form = ItemModal(self.app.clock, None, week=plan.week,  # type: ignore[attr-defined]
                         heading=f"W{plan.week} · {days(plan.start, plan.end)}")
        cycle = self.state.cycle_id

        def added(said: str | None) -> None:
            if said is None:
                return
            self.notify(said, markup=False, timeout=3)

            def reread(store: Store) -> rp.WeekPlan:
                return store.week_plan(plan.week, cycle=cycle)

            def got(new: rp.WeekPlan) -> None:
                self.next_plan = new
                self.draw()

            store_work(self).run(self, reread, got, group="review",
                                 failed=self._failed)

        self.app.push_screen(form, added)

    def action_close(self) -> None:
        self.dismiss(f"reviewed W{self.state.week}" if self.step == NEXT else None)


def open_review(pane: Any, week: int | None = None, otherwise: int | None = None) -> None:
    """``r``: read the review of ``week`` (None: the one due, else ``otherwise``), then open
    the wizard."""
    def opened(data: ReviewData | None) -> None:
        if data is None:
            pane.notify("No week is waiting for its review (a week can be reviewed once it "
                        "has ended).", severity="information", markup=False)
            return

        def closed(said: str | None) -> None:
            pane.load(force=True)
            if said:
                pane.notify(said, markup=False, timeout=3)

        pane.app.push_screen(ReviewScreen(data), closed)

    store_work(pane).run(pane, lambda store: read_review(store, week, otherwise), opened,
                         failed=pane.app.store_failed)
