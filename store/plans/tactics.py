"""Tactics: a goal's actions with the weeks they are due; their items are kept in every week
that has not ended."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class TacticVerbs(PlanBase):
    """add_tactic, edit_tactic, remove_tactic, tactics."""
