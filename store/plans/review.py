"""The weekly review: last week's score and unfinished items; recommit, break down or drop each;
the written review; the midpoint lock after week 6's."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class ReviewVerbs(PlanBase):
    """review, recommit_item, break_down_item, finish_review."""
