"""The vision and cycles: set the vision, start (draft) a cycle with its twelve weekly plans, list
and show cycles, lock the midpoint by hand."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class CycleVerbs(PlanBase):
    """vision, set_vision, start_cycle, cycles, cycle, lock_midpoint (contract14.md)."""
