"""The Plan pane's forms: an item (``n`` add, ``e`` edit), dropping one with a reason (``d``),
a week's quota (``q``), and from the palette: starting a cycle, a goal, a tactic, a measure.

Each reads what it can itself and hands the rest to the store's plan verbs, whose error is
shown under the field it names (a locked quota: the store's reason, whole)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fcc.store.errors import FccError, InvalidInput, PlanLocked
from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.screens.plan_reads import days
from fcc.tui.text import one_line

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store
    from fcc.store.clock import Clock

GOALS = ["business", "personal"]


def card_number(text: str, field: str = "card") -> int | None:
    text = text.strip().removeprefix("#")
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(field, "a card number like 12, or empty: no card", text)
    return int(text)


def goal_kind(text: str, *, optional: bool = True) -> str | None:
    text = text.strip().casefold()
    if not text and optional:
        return None
    if text not in GOALS:
        raise InvalidInput("goal", "business or personal" + (", or empty: none" if optional
                                                              else ""), text)
    return text


class PlanForm(FormModal[str]):
    """A plan form: the store's field names are its own (title, card, goal, week, …); an
    error whose text starts with a field's name goes under that field."""

    def show_fcc_error(self, exc: FccError) -> None:
        if isinstance(exc, InvalidInput):
            name = exc.field if exc.field in dict(self.FIELDS) else ""
            self.show_error(name, str(exc))
            return
        named = str(exc).split(":", 1)[0].strip()
        self.show_error(named if named in dict(self.FIELDS) else "", str(exc))

    def show_error(self, field: str, message: str) -> None:
        from rich.text import Text
        from textual.widgets import Input, Label

        target = self.query(f"#error-{field}") if field else None
        label = target.first(Label) if target else self.query_one("#error-form", Label)
        label.update(Text(one_line(message, limit=2000)))
        label.display = True
        if field and self.query(f"#field-{field}"):
            self.query_one(f"#field-{field}", Input).focus()


class ItemModal(PlanForm):
    """A new item in the week shown, or an item's title, card and goal to change."""

    FIELDS = (("title", "Title"), ("card", "Card"), ("goal", "Goal"))
    COMPLETE = ("goal",)
    HINTS = {"title": "what you commit to do this week", "card": "a card number, or empty",
             "goal": "business, personal, or empty: none"}

    def __init__(self, clock: Clock, item: rp.PlanItem | None, *, week: int,
                 heading: str = "") -> None:
        values = ({"title": item.title, "goal": item.goal_kind or "",
                   "card": str(item.work_item_id) if item.work_item_id is not None else ""}
                  if item is not None else {})
        super().__init__(clock, values, heading=heading, names={"goal": GOALS})
        self.item = item
        self.week = week
        self.form_title = f"Edit item #{item.id}" if item is not None else f"Add to W{week}"
        self.SUBMIT = "Save" if item is not None else "Add"

    def submit(self) -> Job[str]:
        title = self.field("title").strip()
        if not title:
            raise InvalidInput("title", "a title (what you commit to do)")
        card = card_number(self.field("card"))
        goal = goal_kind(self.field("goal"))
        if self.item is None:
            week = self.week

            def add(store: Store) -> str:
                item = store.add_item(title, week=week, card=card, goal=goal)
                return f"added #{item.id} {one_line(item.title, 60)} to W{item.week}"

            return add
        old = self.item
        changes: dict[str, Any] = {}
        if self.touched("title"):
            changes["title"] = title
        if self.touched("card"):
            changes["card"] = card
        if self.touched("goal"):
            changes["goal"] = goal
        if not changes:
            return lambda store: "nothing changed"

        def edit(store: Store) -> str:
            item = store.edit_item(old.id, changes)
            return f"changed #{item.id} {one_line(item.title, 60)}"

        return edit


class DropModal(PlanForm):
    """``d``: drop an item; the reason is kept (the review and the history show it)."""

    FIELDS = (("reason", "Reason"),)
    HINTS = {"reason": "why it is dropped (kept in the history)"}
    SUBMIT = "Drop"

    def __init__(self, clock: Clock, item: rp.PlanItem) -> None:
        super().__init__(clock, heading=f"#{item.id} {one_line(item.title, 80)}")
        self.item = item.id
        self.form_title = f"Drop item #{item.id}"

    def submit(self) -> Job[str]:
        reason, item = self.field("reason").strip(), self.item
        if not reason:
            raise InvalidInput("reason", "a reason (why the item is dropped)")

        def drop(store: Store) -> str:
            dropped = store.drop_item(item, reason)
            return f"dropped #{dropped.id} {one_line(dropped.title, 60)}"

        return drop


class QuotaModal(PlanForm):
    """``q``: the week's quota (its committed number of items). Weeks 7-12 lock at the
    midpoint: the store refuses, and its reason is shown here whole."""

    FIELDS = (("quota", "Quota"),)
    HINTS = {"quota": "the number of items you commit to, e.g. 7"}
    SUBMIT = "Set"

    def __init__(self, clock: Clock, plan: rp.WeekPlan, cycle: rp.Cycle | None) -> None:
        state = " · locked at the midpoint" if plan.locked else ""
        super().__init__(clock, {"quota": str(plan.quota)},
                         heading=f"W{plan.week} · {days(plan.start, plan.end)} · "
                                 f"{plan.done} done of {plan.quota}{state}")
        self.week = plan.week
        self.cycle = cycle.id if cycle is not None else None
        self.form_title = f"Quota of W{plan.week}"

    def submit(self) -> Job[str]:
        text, week, cycle = self.field("quota").strip(), self.week, self.cycle
        if not text.isdigit():
            raise InvalidInput("quota", "a whole number of items, 0 or more", text)
        quota = int(text)

        def set_quota(store: Store) -> str:
            plan = store.set_quota(week, quota, cycle=cycle)
            return f"W{plan.week}'s quota is {plan.quota}"

        return set_quota

    def show_fcc_error(self, exc: FccError) -> None:
        if isinstance(exc, PlanLocked):  # the store's reason, under the field it is about
            self.show_error("quota", str(exc))
            return
        super().show_fcc_error(exc)


class CycleModal(PlanForm):
    """The palette's *Start a cycle…*: its first day (the user's week start) and a name."""

    FIELDS = (("start", "Starts"), ("name", "Name"))
    HINTS = {"start": "a Monday: 2026-12-07, monday (the coming one)",
             "name": "empty: 12 weeks from <date>"}
    SUBMIT = "Start"

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock, {"start": "monday"})
        self.form_title = "Start a 12-week cycle"

    def submit(self) -> Job[str]:
        start, name = self.field("start").strip(), self.field("name").strip() or None
        if not start:
            raise InvalidInput("start", "the cycle's first day, e.g. monday or 2026-12-07")

        def begin(store: Store) -> str:
            cycle = store.start_cycle(start, name=name)
            return f"started {one_line(cycle.name, 60)} ({cycle.start_date:%d %b} – " \
                   f"{cycle.end_date:%d %b %Y})"

        return begin


class GoalModal(PlanForm):
    """The palette's *Set goal…*: the cycle's business or personal goal and its why."""

    FIELDS = (("kind", "Kind"), ("title", "Goal"), ("why", "Why"))
    COMPLETE = ("kind",)
    HINTS = {"kind": "business or personal", "title": "the result you want in 12 weeks",
             "why": "why it matters (optional)"}
    SUBMIT = "Set"

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock, {"kind": "business"}, names={"kind": GOALS})
        self.form_title = "Set a goal"

    def submit(self) -> Job[str]:
        kind = self.field("kind").strip().casefold()
        if kind not in GOALS:
            raise InvalidInput("kind", "business or personal", kind)
        title, why = self.field("title").strip(), self.field("why").strip()
        if not title:
            raise InvalidInput("title", "the goal (the result you want in 12 weeks)")

        def set_goal(store: Store) -> str:
            goal = store.set_goal(kind, title, why=why or None)
            return f"{goal.kind} goal: {one_line(goal.title, 60)}"

        return set_goal


class TacticModal(PlanForm):
    """The palette's *Add tactic…*: an action of a goal, due in some weeks; its items are
    put into those weeks' plans."""

    FIELDS = (("goal", "Goal"), ("title", "Tactic"), ("weeks", "Weeks"), ("card", "Card"))
    COMPLETE = ("goal",)
    HINTS = {"goal": "business or personal", "title": "what you do, e.g. 5 sales calls",
             "weeks": "1-4, W2-W6, 3, or all", "card": "a card number, or empty"}
    SUBMIT = "Add"

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock, {"goal": "business", "weeks": "all"}, names={"goal": GOALS})
        self.form_title = "Add a tactic"

    def submit(self) -> Job[str]:
        goal = goal_kind(self.field("goal"), optional=False)
        title, weeks = self.field("title").strip(), self.field("weeks").strip() or "all"
        if not title:
            raise InvalidInput("title", "the tactic (an action you take)")
        card = card_number(self.field("card"))

        def add(store: Store) -> str:
            tactic = store.add_tactic(goal, title, weeks=weeks, card=card)
            return f"tactic {one_line(tactic.title, 60)} ({tactic.weeks_label})"

        return add


class MeasureModal(PlanForm):
    """The palette's *Add measure…*: a lag or lead measure of a goal, as the command line
    reads it (``Billed revenue = 12000 EUR from billed on client:Acme``)."""

    FIELDS = (("goal", "Goal"), ("kind", "Kind"), ("measure", "Measure"))
    COMPLETE = ("goal", "kind")
    HINTS = {"goal": "business or personal", "kind": "lag (the result) or lead (an action)",
             "measure": "Client hours = 25 h per week from hours on client:Acme"}
    SUBMIT = "Add"

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock, {"goal": "business", "kind": "lead"},
                         names={"goal": GOALS, "kind": ["lag", "lead"]})
        self.form_title = "Add a measure"

    def submit(self) -> Job[str]:
        goal = goal_kind(self.field("goal"), optional=False)
        kind = self.field("kind").strip().casefold()
        if kind not in ("lag", "lead"):
            raise InvalidInput("kind", "lag (the result) or lead (an action)", kind)
        text = self.field("measure").strip()

        def add(store: Store) -> str:
            from fcc.store.plans.fields import measure_spec

            measure = store.add_measure(goal, kind, **measure_spec(text))
            return f"{measure.kind} measure {one_line(measure.name, 60)}"

        return add


def open_item_form(pane: Any, item_id: int | None) -> None:
    """``n`` / ``e`` on the Plan pane: the item's form over it (the week shown for a new
    one)."""
    data = pane.data
    if data is None or data.week is None:
        return
    item = data.item(item_id) if item_id is not None else None
    week = data.week
    heading = f"W{week.week} · {days(week.start, week.end)}"
    form = ItemModal(pane.app.clock, item, week=week.week, heading=heading)
    pane.app.push_screen(form, pane.saved)


class RecordModal(PlanForm):
    """The palette's *Record measure…*: a typed measure's value for a week (empty: the week
    shown for a weekly measure, the cycle for a cycle's)."""

    FIELDS = (("measure", "Measure"), ("value", "Value"), ("week", "Week"))
    COMPLETE = ("measure",)
    HINTS = {"measure": "a typed measure (computed ones count themselves)",
             "value": "a number, e.g. 4 or 12.5", "week": "1-12, or empty"}
    SUBMIT = "Record"

    def __init__(self, clock: Clock, measures: dict[str, int], week: int | None) -> None:
        super().__init__(clock, {"week": str(week) if week is not None else ""},
                         names={"measure": list(measures)})
        self.measures = measures
        self.form_title = "Record a measure"

    def submit(self) -> Job[str]:
        from fcc.store.names import name_key

        text = self.field("measure").strip()
        by_key = {name_key(name): number for name, number in self.measures.items()}
        if name_key(text) not in by_key:
            offered = ", ".join(self.measures) or "none yet (Add measure…)"
            raise InvalidInput("measure", f"a typed measure: {offered}", text)
        measure, value = by_key[name_key(text)], self.field("value").strip()
        week_text = self.field("week").strip().upper().removeprefix("W")
        if week_text and not week_text.isdigit():
            raise InvalidInput("week", "a week from 1 to 12, or empty", week_text)
        week = int(week_text) if week_text else None

        def record(store: Store) -> str:
            done = store.record_measure(measure, value, week=week)
            return f"{one_line(done.name, 60)}: {done.actual} {done.unit}".rstrip()

        return record


class VisionModal(PlanForm):
    """The palette's *Edit vision…*: the long-term picture and the 3-year one."""

    FIELDS = (("title", "Title"), ("body", "Vision"), ("three_year", "3 years"))
    HINTS = {"title": "a name for it", "body": "the life and business you want, long term",
             "three_year": "where you are in three years"}
    SUBMIT = "Save"

    def __init__(self, clock: Clock, vision: rp.Vision | None) -> None:
        values = ({"title": vision.title, "body": vision.body,
                   "three_year": vision.three_year} if vision is not None else {})
        super().__init__(clock, values)
        self.form_title = "Vision"

    def submit(self) -> Job[str]:
        changes = {name: self.field(name).strip() for name, _ in self.FIELDS
                   if self.touched(name)}
        if not changes:
            return lambda store: "nothing changed"

        def save(store: Store) -> str:
            store.set_vision(**changes)
            return "vision saved"

        return save
