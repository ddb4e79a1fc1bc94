"""0002 — time tracking: parallel entries and undoable change batches.

- ``time_entry.parallel``: the entry may overlap others (a parallel timer, or an entry the
  user added with overlap allowed). Frozen like the other columns: the append-only trigger is
  rebuilt to guard it.
- index ``time_entry_end`` on ``end_utc``: "what overlaps today" without a full scan.
- ``activity.batch``: the changes one verb made share a batch id, so ``undo`` can revert
  exactly one user action (a start that stopped the running timer is one batch of two rows).

Down and up again keeps what this version owns: ``down()`` sets the values it is about to
drop aside in two side tables keyed by row uuid (``fcc_keep_0002_time_entry``: the parallel
entries; ``fcc_keep_0002_activity``: each activity row's batch), and the next ``up()`` puts them
back and drops the side tables. Rows written while the database was at version 1 get the
defaults (not parallel, no batch: such changes cannot be undone). The append-only guards of
both tables are lifted for the restore only, inside the migration's transaction.

Self-contained: the trigger text is rebuilt here from this version's own column list.
"""

from __future__ import annotations

import peewee as pw

VERSION = 2
NAME = "time_tracking"

# What ``fcc db downgrade`` says before reverting this migration.
DOWN_NOTE = ("parallel flags and undo batches are set aside and restored by the next upgrade; "
             "changes made in between cannot be undone")

KEEP_ENTRY = "fcc_keep_0002_time_entry"
KEEP_ACTIVITY = "fcc_keep_0002_activity"
ACTIVITY_MSG = "activity is append-only: the log is never rewritten or deleted"

ENTRY_MSG = ("time_entry is append-only: stop, void or supersede an entry, never rewrite or "
             "delete it")

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


def _exists(db: pw.Database, table: str) -> bool:
    if _is_postgres(db):
        sql = "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() " \
              "AND table_name = %s"
    else:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return db.execute_sql(sql, (table,)).fetchone() is not None


def _keep(db: pw.Database) -> None:
    """Set aside the values ``down()`` drops (only those that differ from the defaults)."""
    key = "UUID" if _is_postgres(db) else "VARCHAR(40)"
    for table in (KEEP_ENTRY, KEEP_ACTIVITY):  # an older fcc's upgrade leaves them behind
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
    db.execute_sql(f"CREATE TABLE {KEEP_ENTRY} (uuid {key} PRIMARY KEY)")
    db.execute_sql(f"INSERT INTO {KEEP_ENTRY} (uuid) SELECT uuid FROM time_entry WHERE parallel")
    db.execute_sql(f"CREATE TABLE {KEEP_ACTIVITY} (uuid {key} PRIMARY KEY, "
                   "batch VARCHAR(36) NOT NULL)")
    db.execute_sql(f"INSERT INTO {KEEP_ACTIVITY} (uuid, batch) "
                   "SELECT uuid, batch FROM activity WHERE batch IS NOT NULL")


def _restore_parallel(db: pw.Database) -> None:
    """Under version 1's guard, which does not watch ``parallel``."""
    if _exists(db, KEEP_ENTRY):
        db.execute_sql(f"UPDATE time_entry SET parallel = {_true(db)} "
                       f"WHERE uuid IN (SELECT uuid FROM {KEEP_ENTRY})")
        db.execute_sql(f"DROP TABLE {KEEP_ENTRY}")


def _restore_batches(db: pw.Database) -> None:
    if not _exists(db, KEEP_ACTIVITY):
        return
    restore = (f"UPDATE activity SET batch = (SELECT k.batch FROM {KEEP_ACTIVITY} k "
               f"WHERE k.uuid = activity.uuid) WHERE uuid IN (SELECT uuid FROM {KEEP_ACTIVITY})")
    if _is_postgres(db):
        db.execute_sql("ALTER TABLE activity DISABLE TRIGGER activity_append_only")
        db.execute_sql(restore)
        db.execute_sql("ALTER TABLE activity ENABLE TRIGGER activity_append_only")
    else:
        db.execute_sql("DROP TRIGGER activity_no_update")
        db.execute_sql(restore)
        db.execute_sql(f"""CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, '{ACTIVITY_MSG}'); END""")
    db.execute_sql(f"DROP TABLE {KEEP_ACTIVITY}")


def _true(db: pw.Database) -> str:
    return "true" if _is_postgres(db) else "1"


def up(db: pw.Database) -> None:
    if _is_postgres(db):
        db.execute_sql("ALTER TABLE time_entry ADD COLUMN parallel BOOLEAN NOT NULL DEFAULT false")
        _restore_parallel(db)
        db.execute_sql(_postgres_guard(_FROZEN_V2))
    else:
        db.execute_sql("ALTER TABLE time_entry ADD COLUMN parallel INTEGER NOT NULL DEFAULT 0")
        _restore_parallel(db)
        db.execute_sql("DROP TRIGGER time_entry_append_only")
        db.execute_sql(_sqlite_trigger(_FROZEN_V2))
    db.execute_sql("ALTER TABLE activity ADD COLUMN batch VARCHAR(36)")
    _restore_batches(db)
    db.execute_sql("CREATE INDEX activity_batch ON activity (batch)")
    # Totals for a day or week find the entries ending inside it (or running) by this index.
    db.execute_sql("CREATE INDEX time_entry_end ON time_entry (end_utc)")


def down(db: pw.Database) -> None:
    _keep(db)
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
