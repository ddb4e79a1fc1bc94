"""The freeze rules of billing, checked by every store verb that writes a time entry (under
the writer lock): an entry covered by a pending or approved approval, or by an invoice that is
not void, is never amended, split, voided or re-rated; no entry is added or started for a
client inside the period of its pending or approved approval. The database's triggers
(migration 0006) refuse the same for every other writer."""

from __future__ import annotations
