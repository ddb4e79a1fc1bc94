"""0003 — entry numbers: the short id a user sees names the entry, not one of its versions.

A correction writes a new row (a version) and supersedes the old one, so the row id changes
with every amend, break or re-rate. ``time_entry.entry_no`` is the number the user sees:

- NULL: the row's own id (every entry's first version, and the extra part of a split or a
  break, which is a new entry);
- otherwise the number of the entry this row is a later version of.

So the number of a row is ``COALESCE(entry_no, id)``. Backfill: every later version gets the id
of the first version of its chain (a recursive walk over ``superseded_by_id``). Two indexes:
``time_entry_number`` on the number (every version: ``fcc history``) and the partial unique
``time_entry_current_number``: one row per number is not superseded (the current version, or
a voided one), which is what a typed number resolves to. ``entry_no`` is frozen like the other
columns: the append-only trigger is rebuilt to guard it.

Down and up again keeps the numbers: they are derived, and ``up()`` computes them from the
chains exactly as the store writes them (a later version takes the number of its chain's first
row), so ``down()`` sets nothing aside.

Self-contained: the trigger text is rebuilt here from this version's own column list.
"""

from __future__ import annotations

import peewee as pw

VERSION = 3
NAME = "entry_numbers"

# What ``fcc db downgrade`` says before reverting this migration.
DOWN_NOTE = "entry numbers are dropped and computed again from the corrections by the next upgrade"

ENTRY_MSG = ("time_entry is append-only: stop, void or supersede an entry, never rewrite or "
             "delete it")

_FROZEN_V2 = (
    "id", "uuid", "project_id", "work_item_id", "start_utc", "zone", "note", "tags", "billable",
    "rate", "currency", "source_key", "created_at", "parallel",
)
_FROZEN_V3 = _FROZEN_V2 + ("entry_no",)

# Each chain from its root (a row no other row is superseded by), one version at a time.
_CHAIN = """WITH RECURSIVE chain(id, root) AS (
    SELECT e.id, e.id FROM time_entry e
    WHERE NOT EXISTS (SELECT 1 FROM time_entry o WHERE o.superseded_by_id = e.id)
  UNION ALL
    SELECT e.superseded_by_id, chain.root FROM chain JOIN time_entry e ON e.id = chain.id
    WHERE e.superseded_by_id IS NOT NULL
)"""


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
    pg = _is_postgres(db)
    # The old trigger does not guard entry_no yet, so the backfill may set it.
    db.execute_sql("ALTER TABLE time_entry ADD COLUMN entry_no "
                   + ("BIGINT" if pg else "INTEGER"))
    if pg:
        db.execute_sql(f"""{_CHAIN}
UPDATE time_entry SET entry_no = chain.root FROM chain
WHERE chain.id = time_entry.id AND chain.id <> chain.root""")
    else:
        db.execute_sql(f"""{_CHAIN}
UPDATE time_entry SET entry_no = (SELECT root FROM chain WHERE chain.id = time_entry.id)
WHERE id IN (SELECT id FROM chain WHERE id <> root)""")
    db.execute_sql("CREATE INDEX time_entry_number ON time_entry (COALESCE(entry_no, id))")
    db.execute_sql("CREATE UNIQUE INDEX time_entry_current_number ON time_entry "
                   "(COALESCE(entry_no, id)) WHERE superseded_by_id IS NULL")
    if pg:
        db.execute_sql(_postgres_guard(_FROZEN_V3))
    else:
        db.execute_sql("DROP TRIGGER time_entry_append_only")
        db.execute_sql(_sqlite_trigger(_FROZEN_V3))


def down(db: pw.Database) -> None:
    db.execute_sql("DROP INDEX time_entry_current_number")
    db.execute_sql("DROP INDEX time_entry_number")
    if _is_postgres(db):
        db.execute_sql(_postgres_guard(_FROZEN_V2))
        db.execute_sql("ALTER TABLE time_entry DROP COLUMN entry_no")
    else:
        db.execute_sql("DROP TRIGGER time_entry_append_only")
        db.execute_sql("ALTER TABLE time_entry DROP COLUMN entry_no")
        db.execute_sql(_sqlite_trigger(_FROZEN_V2))
