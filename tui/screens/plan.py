"""The Plan pane: the 12-week cycle's header (week N of 12, days left, the midpoint lock), the
goals with their measures as progress bars, the scores of W1-W12 against the 85 % bar, and a
week's items with their checkboxes, grouped by goal.

It holds what it last read (:class:`~.plan_reads.PlanData`: ``store.plan_view()`` in one call
on the store's thread) and re-reads it when the store changed (the main screen's poll, as the
Boards pane does). A key's change runs on the store's thread and the new view is read in the
same call; a refusal (a locked quota, an ended week) is the store's own one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from fcc.store.errors import FccError
from fcc.tui.screens.pane_reads import PaneReads, ReadingPane
from fcc.tui.screens.plan_reads import PlanData, header, read_plan, week_line
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.plan_items import ItemList
from fcc.tui.widgets.plan_measures import GoalMeasures
from fcc.tui.widgets.plan_scores import ScoreChart

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store

Verb = Callable[["Store"], str]  # a change; what it did, said in a toast


class PlanPane(ReadingPane, Vertical, can_focus=True):
    """The plan of the current cycle; its keys ask the store through the app's store work.
    It takes the focus itself only while there is no cycle (no list to focus)."""

    BINDINGS = [
        Binding("space", "toggle_item", "Done", id="plan.toggle",
                tooltip="Check or uncheck the item under the cursor"),
        Binding("n", "new_item", "Add", id="plan.new", tooltip="Add an item to the week shown"),
        Binding("e", "edit_item", "Edit", id="plan.edit",
                tooltip="Change the item's title, card or goal"),
        Binding("d", "drop_item", "Drop", id="plan.drop",
                tooltip="Drop the item, with a reason (kept in the history)"),
        Binding("left_square_bracket", "week(-1)", "◀ Week", id="plan.previous",
                tooltip="Show the previous week's plan"),
        Binding("right_square_bracket", "week(1)", "Week ▶", id="plan.next",
                tooltip="Show the next week's plan"),
        Binding("q", "quota", "Quota", id="plan.quota",
                tooltip="Set the week's quota (weeks 7-12 lock at the midpoint)"),
        Binding("r", "review", "Review", id="plan.review",
                tooltip="The weekly review (the week due, else the week shown): score, "
                        "unfinished items, notes, next week"),
        Binding("j", "journal", "Journal", id="plan.journal",
                tooltip="The week's journal: notes, the review, search"),
        Binding("u", "undo", "Undo", id="plan.undo", show=False,
                tooltip="Undo the last change"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: PlanData | None = None
        self.shown_week: int | None = None  # None: today's week
        self.reads: PaneReads[PlanData, int | None] = PaneReads(
            self, group="plan-read", key=lambda: self.shown_week, read=read_plan,
            seen=lambda: self.data.counter if self.data is not None else -1, show=self.show)

    def compose(self) -> ComposeResult:
        yield Static(Text(" Reading the plan…", style="dim"), id="plan-head")
        yield Static("", id="plan-empty")
        with Horizontal(id="plan-top"):
            yield GoalMeasures(id="plan-goals")
            yield ScoreChart(id="plan-scores")
        yield Static("", id="plan-week")
        yield ItemList(id="plan-items")

    @property
    def items(self) -> ItemList:
        return self.query_one(ItemList)

    @property
    def item(self) -> int | None:
        return self.items.item

    def focus_items(self) -> None:
        if self.has_class("-empty"):
            self.focus()
        else:
            self.items.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without a cycle the item and week keys are hidden (the palette starts one)."""
        if action in ("start_cycle", "edit_vision") or self.data is None:
            return True
        return self.data.cycle is not None

    # --- reading ---------------------------------------------------------------------------

    def load(self, *, force: bool = False) -> None:
        """Read the plan when the store changed since the last read (always: ``force``)."""
        self.reads.load(force=force)

    def show(self, data: PlanData, *, keep: int | None = None) -> None:
        self.data = data
        view = data.view
        empty = view.cycle is None
        if empty != self.has_class("-empty"):
            self.refresh_bindings()
        self.set_class(empty, "-empty")
        if self.has_focus_within:  # the list appears or goes: the keys stay with the pane
            self.focus_items()
        self._head()
        if empty:
            self.query_one("#plan-empty", Static).update(self._empty_text(data.last))
            self.items.show(None, (), empty="")
            return
        goals = self.query_one(GoalMeasures)
        goals.goals = view.goals
        chart = self.query_one(ScoreChart)
        chart.scores = view.scores
        chart.week = data.week.week if data.week is not None else None
        if view.scores is not None:
            goals.bar = view.scores.bar
        self.query_one("#plan-week", Static).update(week_line(data.week, view.scores))
        new = self._key("plan.new", "n")
        self.items.show(data.week, view.goals, keep=keep,
                        empty=f"No items this week: {new} adds one (tactics due add theirs).")

    def _head(self) -> None:
        if self.data is not None:
            width = self.size.width or self.app.size.width
            self.query_one("#plan-head", Static).update(
                header(self.data, self._key("plan.review", "r"), width))

    def on_resize(self) -> None:
        self._head()  # the cycle's name gives way to the rest on a narrow terminal

    def _empty_text(self, last: rp.Cycle | None = None) -> Text:
        palette = self._key("app.palette", "ctrl+p")
        out = Text()
        if last is not None:  # a lapse is restarted, not redone: the next cycle is a new one
            out.append(f"{one_line(last.name, 60)} ended on {last.review_end:%a %d %b %Y}",
                       style="bold")
            out.append(f" (fcc plan cycle show {last.id} shows it). Start the next one:\n\n")
        else:
            out.append("No 12-week cycle yet.\n\n", style="bold")
        out.append("Plan the quarter as a 12-week year: a business and a personal goal with "
                   "their measures, the tactics that get you there, then each week's plan "
                   "and its execution score against the 85 % bar.\n\n")
        out.append(f"{palette} → Start a cycle…", style="bold")
        out.append(" (it starts on your week start; \"monday\" is the coming Monday), or "
                   "from a terminal:\n")
        out.append("  fcc plan cycle start monday\n", style="bold")
        out.append("then a goal, its measures and tactics: Set goal…, Add measure…, Add "
                   "tactic… in the palette (or fcc plan goal set, fcc plan tactic add).",
                   style="dim")
        return out

    def need_cycle(self) -> bool:
        if self.data is None or self.data.cycle is None:
            palette = self._key("app.palette", "ctrl+p")
            self.notify(f"No 12-week cycle yet: {palette} → Start a cycle…",
                        severity="warning", markup=False)
            return False
        return True

    def _need_item(self, doing: str) -> int | None:
        if not self.need_cycle():
            return None
        item = self.item
        if item is None:
            new = self._key("plan.new", "n")
            self.notify(f"No item to {doing}: move the cursor to one (or {new} adds one).",
                        severity="warning", markup=False)
        return item

    # --- changes ---------------------------------------------------------------------------

    def write(self, verb: Verb, *, keep: int | None = None,
              failed: Callable[[FccError], None] | None = None) -> None:
        """Run ``verb`` on the store's thread and read the plan in the same call; say what it
        did, or the store's reason for refusing."""
        week = self.shown_week

        def run(store: Store) -> tuple[str, PlanData]:
            said = verb(store)
            return said, read_plan(store, week)

        def done(result: tuple[str, PlanData]) -> None:
            said, data = result
            if self.is_attached and week == self.shown_week:
                self.show(data, keep=keep)
            if said:
                self.notify(said, markup=False, timeout=3)

        store_work(self).run(self, run, done, group="plan-write",
                             failed=failed or self.app.store_failed)  # type: ignore[attr-defined]

    def action_toggle_item(self) -> None:
        item_id = self._need_item("check")
        if item_id is None or self.data is None:
            return
        item = self.data.item(item_id)
        done = item.done if item is not None else False

        def toggle(store: Store) -> str:
            if done:
                store.uncheck_item(item_id)
                return ""
            store.check_item(item_id)
            return ""

        self.write(toggle, keep=item_id)

    def on_option_list_option_selected(self, event: Any) -> None:
        """Enter (or a click) on an item checks or unchecks it, as space does."""
        event.stop()
        self.action_toggle_item()

    def action_undo(self) -> None:
        self.screen.change(lambda store: store.undo())  # type: ignore[attr-defined]

    def action_week(self, delta: int) -> None:
        if not self.need_cycle() or self.data is None:
            return
        current = self.data.week.week if self.data.week is not None else 1
        target = max(1, min(12, current + delta))
        if target == current:
            self.notify(f"W{current} is the cycle's {'first' if delta < 0 else 'last'} week.",
                        severity="information", markup=False, timeout=2)
            return
        today = self.data.view.week.week if self.data.view.week is not None else None
        self.shown_week = None if target == today else target
        self.load(force=True)

    def toggle_timer(self) -> bool:
        """The app's start/stop key on the Plan pane: start on the item's card (the running
        timer stops, as everywhere), or stop the card's own running timer. False: no item."""
        item = self.data.item(self.item) if self.data is not None else None
        if item is None:
            return False
        card = item.work_item_id
        if card is None:
            edit = self._key("plan.edit", "e")
            self.notify(f"This item has no card to start a timer on: {edit} links one.",
                        severity="warning", markup=False)
            return True
        self.screen.change(lambda store: store.toggle_card_timer(card))  # type: ignore[attr-defined]
        return True

    # --- forms and screens -----------------------------------------------------------------

    def action_new_item(self) -> None:
        from fcc.tui.screens.plan_forms import open_item_form

        if self.need_cycle():
            open_item_form(self, None)

    def action_edit_item(self) -> None:
        from fcc.tui.screens.plan_forms import open_item_form

        item = self._need_item("edit")
        if item is not None:
            open_item_form(self, item)

    def action_drop_item(self) -> None:
        from fcc.tui.screens.plan_forms import DropModal

        item_id = self._need_item("drop")
        item = self.data.item(item_id) if self.data is not None else None
        if item is None:
            return
        self.app.push_screen(DropModal(self.app.clock, item),  # type: ignore[attr-defined]
                             self.saved)

    def action_quota(self) -> None:
        from fcc.tui.screens.plan_forms import QuotaModal

        if not self.need_cycle() or self.data is None or self.data.week is None:
            return
        self.app.push_screen(QuotaModal(self.app.clock, self.data.week,  # type: ignore
                                        self.data.cycle), self.saved)

    def action_review(self) -> None:
        from fcc.tui.screens.plan_review import open_review

        if self.need_cycle() and self.data is not None:
            # the week shown when one was chosen with [ ]; else the week due, or this week
            shown = self.data.week.week if self.data.week is not None else None
            if self.shown_week is not None:
                open_review(self, self.shown_week)
            else:
                open_review(self, None, shown)

    def action_journal(self) -> None:
        from fcc.tui.screens.plan_journal import open_journal

        if self.need_cycle() and self.data is not None:
            week = self.data.week.week if self.data.week is not None else None
            open_journal(self, week)

    def action_start_cycle(self) -> None:
        """The palette's *Start a cycle…*."""
        from fcc.tui.screens.plan_forms import CycleModal

        self.app.push_screen(CycleModal(self.app.clock), self.saved)  # type: ignore

    def action_set_goal(self) -> None:
        """The palette's *Set goal…*."""
        from fcc.tui.screens.plan_forms import GoalModal

        if self.need_cycle():
            self.app.push_screen(GoalModal(self.app.clock), self.saved)  # type: ignore

    def action_add_tactic(self) -> None:
        """The palette's *Add tactic…*."""
        from fcc.tui.screens.plan_forms import TacticModal

        if self.need_cycle():
            self.app.push_screen(TacticModal(self.app.clock), self.saved)  # type: ignore

    def action_add_measure(self) -> None:
        """The palette's *Add measure…*."""
        from fcc.tui.screens.plan_forms import MeasureModal

        if self.need_cycle():
            self.app.push_screen(MeasureModal(self.app.clock), self.saved)  # type: ignore

    def action_record_measure(self) -> None:
        """The palette's *Record measure…* (typed measures; computed ones count themselves)."""
        from fcc.tui.screens.plan_forms import RecordModal

        if not self.need_cycle() or self.data is None:
            return
        measures = {m.name: m.id for g in self.data.view.goals for m in g.measures
                    if not m.computed}
        week = self.data.week.week if self.data.week is not None else None
        self.app.push_screen(RecordModal(self.app.clock, measures, week),  # type: ignore
                             self.saved)

    def action_edit_vision(self) -> None:
        """The palette's *Edit vision…*."""
        from fcc.tui.screens.plan_forms import VisionModal

        vision = self.data.view.vision if self.data is not None else None
        self.app.push_screen(VisionModal(self.app.clock, vision), self.saved)  # type: ignore
