"""Reads the Plan pane and the command line share: one PlanView in one go — a fixed number of
set-based queries whatever the size of the plan or the time log (the measures' actuals are one
query each)."""

from __future__ import annotations

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import NoCycle
from fcc.store.plans.build import (
    current_week,
    cycle_record,
    goal_records,
    scores_record,
    vision_record,
    week_records,
)
from fcc.store.plans.measures import MeasureReadVerbs


class PlanReadVerbs(MeasureReadVerbs):
    """plan_view."""

    def plan_view(self, cycle: object = None) -> rp.PlanView:
        """Everything the Plan pane draws: the cycle (today's, else the next draft), the
        vision, the goals with measures and tactics, the week shown (today's; week 12 in the
        review week; week 1 of a draft) with its items, the scores, the week waiting for its
        review and the journal's size. No cycle: ``PlanView(cycle=None, ...)``."""
        vision_row = t.Vision.select().order_by(t.Vision.id).first()
        vision = None if vision_row is None else vision_record(vision_row)
        try:
            row = self._cycle_row(cycle)
        except NoCycle:
            if cycle is not None:
                raise
            return rp.PlanView(cycle=None, vision=vision, goals=(), week=None, scores=None,
                               review_due=None, journal_count=0)
        today = self._today()
        [week] = week_records(self, row, [self._plan_week(row, None)])
        scores = scores_record(self, row)
        begun = current_week(row, today)
        due = [w.week for w in scores.weeks
               if w.week < begun and not w.reviewed]  # ended weeks never reviewed
        journal = (t.JournalMessage.select()
                   .join(t.JournalSession, on=(t.JournalSession.id == t.JournalMessage.session))
                   .where(t.JournalSession.cycle == row.id).count())
        return rp.PlanView(cycle=cycle_record(row, today), vision=vision,
                           goals=tuple(goal_records(self, row)), week=week, scores=scores,
                           review_due=max(due) if due else None, journal_count=journal)
