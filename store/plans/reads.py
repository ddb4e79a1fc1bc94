"""Reads the Plan pane and the command line share: one PlanView in one go."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class PlanReadVerbs(PlanBase):
    """plan_view."""
