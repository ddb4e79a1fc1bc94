"""Goals (one business and one personal per cycle) and their lag and lead measures, typed or bound
to fcc's data."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class GoalVerbs(PlanBase):
    """set_goal, remove_goal, goals, add_measure, edit_measure, remove_measure, record_measure."""
