"""The journal: a thread of timestamped notes per week of a cycle, searchable."""

from __future__ import annotations

from fcc.store.plans.base import PlanBase


class JournalVerbs(PlanBase):
    """add_note, edit_note, delete_note, journal."""
