"""Records of the activity history (``Store.activity_history``): who changed what when, as a
readable diff (loaded on first use; see ``records``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fcc.store.records import record

# Why a change can or cannot be undone (``HistoryItem.undo``).
UNDO_STATES = ("undoable", "older", "undone", "undo", "billing", "other", "no batch")


@record
class FieldChange:
    """One field of a change, readable: money with its currency, instants as local times,
    yes/no. ``before`` is None for a created row, ``after`` None for a deleted one."""

    field: str
    before: str | None
    after: str | None
    old: Any = None  # the values as logged (JSON data)
    new: Any = None


@record
class HistoryItem:
    """One logged change of one row (an activity row), with the batch (one user action) it
    belongs to. ``name`` says what the row is, from the values the log kept (the row itself may
    be gone). ``undo``: one of :data:`UNDO_STATES`; ``undo_note`` says it in words."""

    id: int  # the activity row's id: newest first, and where the next page starts
    at: dt.datetime
    actor: str
    entity: str  # the table, as logged (time_entry, work_item, plan_item, ...)
    kind: str  # what users call it (entry, card, plan item, ...)
    entity_id: str
    action: str
    name: str
    batch: str | None
    message: str  # the batch's message ("" without a batch)
    changes: tuple[FieldChange, ...]
    undo: str
    undo_note: str

    @property
    def undoable(self) -> bool:
        """Whether ``store.undo()`` would revert this item's batch now."""
        return self.undo == "undoable"
