"""Plan verbs made of other plan verbs, each one change (one transaction, one ``fcc undo``), for
callers that may not open a change themselves (the command line calls verbs only):

- ``set_goal_with_measures``: ``fcc plan goal set KIND TITLE --lag SPEC --lead SPEC...`` — a
  measure refused (an unknown client in its scope) leaves no goal and no other measure behind;
- ``review_week``: ``fcc plan review --recommit ... --drop ... --break-down ... --text ...`` —
  every decision on the week's unfinished items and the end of the review, or nothing.

A refusal names the part it came from: the measure's place (``measure 2: no client named
'Nobody'``), the item (``#41: ...``), so the caller can say which of its options it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import InvalidInput, NotFound
from fcc.store.names import name_key
from fcc.store.plans.base import PlanBase

if TYPE_CHECKING:
    from fcc.store.plans import PlanVerbs


@contextmanager
def _part(name: str) -> Iterator[None]:
    """A refusal of one part, its field named ``name`` (the message keeps what it said)."""
    try:
        yield
    except InvalidInput as exc:
        raise InvalidInput(name, exc.expected, exc.got) from exc
    except NotFound as exc:
        _, sep, rest = str(exc).partition(": ")
        raise type(exc)(f"{name}: {rest if sep else exc}") from exc


class StepVerbs(PlanBase):
    """set_goal_with_measures, review_week. (On ``PlanBase`` alone, so the mixins' order in
    ``PlanVerbs`` stays free: the verbs it calls are the composed store's.)"""

    @property
    def _verbs(self) -> PlanVerbs:
        return cast("PlanVerbs", self)

    def set_goal_with_measures(self, kind: str, title: str, *, why: str | None = None,
                               measures: Sequence[tuple[str, Mapping[str, Any]]] = (),
                               cycle: object = None) -> rp.Goal:
        """``set_goal`` and ``add_measure`` for each ``(kind, keywords)`` of ``measures``
        (``measure_spec``'s keywords), in one change; a measure of that kind and name the goal
        has already is updated instead (setting a goal again never doubles its measures). A
        measure's refusal is named ``measure N`` (N from 1, in the order given)."""
        verbs = self._verbs
        with self._plan_change("plan goal set") as batch:
            goal = verbs.set_goal(kind, title, why=why, cycle=cycle)
            said = batch.message
            for number, (measure_kind, spec) in enumerate(measures, 1):
                with _part(f"measure {number}"):
                    same = self._same_measure(goal.id, measure_kind, spec.get("name"))
                    if same is None:
                        verbs.add_measure(goal.id, measure_kind, cycle=cycle, **spec)
                    else:  # set again: the measure of that kind and name is updated, not doubled
                        verbs.edit_measure(same, self._measure_changes(measure_kind, spec))
            if measures:
                batch.message = f"{said} with {len(measures)} measure" + \
                    ("" if len(measures) == 1 else "s")
        return next(g for g in verbs.goals(goal.cycle_id) if g.id == goal.id)

    def _same_measure(self, goal: int, kind: str, name: object) -> int | None:
        """The goal's measure of ``kind`` named ``name`` (any case), if it has one."""
        if not isinstance(name, str):
            return None
        for row in t.Measure.select().where((t.Measure.goal == goal)
                                            & (t.Measure.kind == kind)):
            if name_key(row.name) == name_key(name):
                return int(row.id)
        return None

    def _measure_changes(self, kind: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        """``add_measure``'s keywords as ``edit_measure``'s changes, with add_measure's
        defaults (the period by kind, the unit by source) so setting twice gives one result."""
        source = spec.get("source") or "manual"
        unit = spec.get("unit") or {"hours": "h", "billed": self.prefs.currency}.get(source, "")
        return {"target": spec.get("target"), "unit": unit, "source": source,
                "period": spec.get("period") or ("cycle" if kind == "lag" else "week"),
                "scope": spec.get("scope") or {}}

    def review_week(self, week: object = None, *, recommit: Sequence[int | str] = (),
                    drop: Mapping[Any, str] | None = None,
                    break_down: Mapping[Any, Sequence[str]] | None = None, text: str = "",
                    cycle: object = None) -> tuple[rp.ReviewState, list[rp.PlanItem],
                                                   rp.WeekPlan]:
        """The review of ``week`` (default: the week due) in one change: each item of
        ``recommit`` recommitted, of ``drop`` dropped with its reason, of ``break_down`` broken
        down into its titles (in the week's order), then ``finish_review`` with ``text``.
        Returns the review as it stood, the items made (recommitted and broken down) and the
        reviewed week. An item's refusal is named ``#ID``; nothing due is ``InvalidInput``."""
        verbs = self._verbs
        with self._plan_change("plan review") as batch:
            state = verbs.review(week, cycle=cycle)
            if state is None:
                raise InvalidInput("week", "a week to review (every ended week is reviewed)",
                                   week)
            decided: dict[int, tuple[str, Any]] = {}
            for how, pairs in (("recommit", [(i, None) for i in recommit]),
                               ("drop", list((drop or {}).items())),
                               ("break down", list((break_down or {}).items()))):
                for ref, what in pairs:
                    number = self._item_row(ref).id
                    if number in decided:  # never one decision silently over another
                        raise InvalidInput(f"#{number}", f"one decision per item (#{number} "
                                           f"is to {decided[number][0]} already)", how)
                    decided[number] = (how, what)
            made: list[rp.PlanItem] = []
            for item in state.unfinished:
                how, what = decided.get(item.id, ("", None))
                with _part(f"#{item.id}"):
                    if how == "recommit":
                        made.append(verbs.recommit_item(item.id))
                    elif how == "drop":
                        verbs.drop_item(item.id, str(what))
                    elif how == "break down":
                        made += verbs.break_down_item(item.id, list(what or []))
            stray = sorted(set(decided) - {i.id for i in state.unfinished})
            if stray:
                raise InvalidInput("item", f"an unfinished item of week {state.week}",
                                   f"#{stray[0]}")
            plan = verbs.finish_review(state.week, text, cycle=state.cycle_id)
            batch.message = f"review week {state.week}" + (
                f" ({len(decided)} item{'' if len(decided) == 1 else 's'} decided)"
                if decided else "")
        return state, made, plan
