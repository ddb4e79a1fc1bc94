"""A week's plan: its items (from tactics and ad hoc), check / uncheck, drop with a reason,
quota."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class WeekVerbs(PlanBase):
    """week_plan, add_item, edit_item, check_item, uncheck_item, drop_item, set_quota, scores."""
