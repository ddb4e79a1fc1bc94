"""`fcc context`: what an assistant needs to know about the work now (goals, this week's plan
and score, cards in progress with their descriptions and recent time), as records."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class ContextVerbs(PlanBase):
    """context."""
