"""Measures' actuals: typed values, or computed from tracked hours and billed amounts over the
cycle or a week (one set-based query per measure, whatever the size of the time log)."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class MeasureReadVerbs(PlanBase):
    """_measure_records(goal_ids, cycle): the goals' measures with actuals (contract14.md)."""
