"""0002 — time tracking: parallel entries and undoable change batches.

- ``time_entry.parallel``: the entry may overlap others (a parallel timer, or an entry the
  user added with overlap allowed). Frozen like the other columns: the append-only trigger is
  rebuilt to guard it.
- index ``time_entry_end`` on ``end_utc``: "what overlaps today" without a full scan.
- ``activity.batch``: the changes one verb made share a batch id, so ``undo`` can revert
  exactly one user action (a start that stopped the running timer is one batch of two rows).

Self-contained: the trigger text is rebuilt here from this version's own column list.
"""

from __future__ import annotations

import peewee as pw

VERSION = 2
NAME = "time_tracking"

ENTRY_MSG = "time_entry is append-only: stop, void or supersede an entry, never rewrite or delete it"

_FROZEN_V1 = (
    "id", "uuid", "project_id", "work_item_id", "start_utc", "zone", "note", "tags", "billable",
    "rate", "currency", "source_key", "created_at",
)
_FROZEN_V2 = _FROZEN_V1 + ("parallel",)


def _violation(frozen: tuple[str, ...], ne: str) -> str:
    def changed(col: str) -> str:
        return f"NEW.{col} {ne} OLD.{col}"

    parts = [changed(c) for c in frozen]
    parts += [
        f"(OLD.end_utc IS NOT NULL AND {changed('end_utc')})",
        f"(OLD.superseded_by_id IS NOT NULL AND {changed('superseded_by_id')})",
        f"(OLD.voided_at IS NOT NULL AND ({changed('voided_at')} OR {changed('void_reason')}))",
        f"(NEW.voided_at IS NULL AND {changed('void_reason')})",
        f"(OLD.invoice_ref IS NOT NULL AND {changed('invoice_ref')})",
    ]
    return "\n   OR ".join(parts)


def _sqlite_trigger(frozen: tuple[str, ...]) -> str:
    return f"""CREATE TRIGGER time_entry_append_only BEFORE UPDATE ON time_entry
WHEN {_violation(frozen, 'IS NOT')}
BEGIN SELECT RAISE(ABORT, '{ENTRY_MSG}'); END"""


def _postgres_guard(frozen: tuple[str, ...]) -> str:
    return f"""CREATE OR REPLACE FUNCTION fcc_time_entry_guard() RETURNS trigger
LANGUAGE plpgsql AS $fcc$
BEGIN
  IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION '{ENTRY_MSG}'; END IF;
  IF {_violation(frozen, 'IS DISTINCT FROM')} THEN
    RAISE EXCEPTION '{ENTRY_MSG}';
  END IF;
  RETURN NEW;
END
$fcc$"""


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def up(db: pw.Database) -> None:
    if _is_postgres(db):
        db.execute_sql("ALTER TABLE time_entry ADD COLUMN parallel BOOLEAN NOT NULL DEFAULT false")
        db.execute_sql(_postgres_guard(_FROZEN_V2))
    else:
        db.execute_sql("ALTER TABLE time_entry ADD COLUMN parallel INTEGER NOT NULL DEFAULT 0")
        db.execute_sql("DROP TRIGGER time_entry_append_only")
        db.execute_sql(_sqlite_trigger(_FROZEN_V2))
    db.execute_sql("ALTER TABLE activity ADD COLUMN batch VARCHAR(36)")
    db.execute_sql("CREATE INDEX activity_batch ON activity (batch)")
    # Totals for a day or week find the entries ending inside it (or running) by this index.
    db.execute_sql("CREATE INDEX time_entry_end ON time_entry (end_utc)")


def down(db: pw.Database) -> None:
    db.execute_sql("DROP INDEX time_entry_end")
    db.execute_sql("DROP INDEX activity_batch")
    db.execute_sql("ALTER TABLE activity DROP COLUMN batch")
    if _is_postgres(db):
        db.execute_sql(_postgres_guard(_FROZEN_V1))
        db.execute_sql("ALTER TABLE time_entry DROP COLUMN parallel")
    else:
        db.execute_sql("DROP TRIGGER time_entry_append_only")
        db.execute_sql("ALTER TABLE time_entry DROP COLUMN parallel")
        db.execute_sql(_sqlite_trigger(_FROZEN_V1))
