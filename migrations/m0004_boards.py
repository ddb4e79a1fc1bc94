"""0004 — boards: what cards need beyond 0001's work_item, comment and sprint tables.

- ``work_item.tags``: a JSON array of strings, like a time entry's tags.
- ``work_item.done_at``: when the card last entered its board's done column (NULL while it is
  not in one). A sprint's burndown counts done work per day from it; backfilled from
  ``updated_at`` for cards already in a done column.
- ``work_item.source_key``: where an imported card came from (``taskwarrior:UUID``), unique,
  so a second import of the same export changes nothing.
- ``comment.updated_at``: when a comment was last edited (its earlier text stays in the
  activity log).
- ``sprint_one_active_per_board``: a partial unique index — at most one active sprint per
  board, whoever writes.

``down()`` drops the index and the columns; a card's tags, done time and source are lost
(``DOWN_NOTE`` says so before a downgrade).
"""

from __future__ import annotations

import peewee as pw

VERSION = 4
NAME = "boards"

DOWN_NOTE = ("cards lose their tags, done times and import sources, comments their edit times; "
             "more than one active sprint per board becomes possible again")


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def up(db: pw.Database) -> None:
    epoch = "BIGINT" if _is_postgres(db) else "INTEGER"  # what peewee makes of a UtcField
    db.execute_sql("ALTER TABLE work_item ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'")
    db.execute_sql(f"ALTER TABLE work_item ADD COLUMN done_at {epoch}")
    db.execute_sql("ALTER TABLE work_item ADD COLUMN source_key VARCHAR(200)")
    db.execute_sql(f"ALTER TABLE comment ADD COLUMN updated_at {epoch}")
    done = "true" if _is_postgres(db) else "1"
    db.execute_sql(f"""UPDATE work_item SET done_at = updated_at
WHERE column_id IN (SELECT id FROM board_column WHERE is_done = {done})""")
    db.execute_sql("CREATE UNIQUE INDEX work_item_source_key ON work_item (source_key)")
    db.execute_sql("CREATE UNIQUE INDEX sprint_one_active_per_board ON sprint (board_id) "
                   "WHERE status = 'active'")


def down(db: pw.Database) -> None:
    db.execute_sql("DROP INDEX sprint_one_active_per_board")
    db.execute_sql("DROP INDEX work_item_source_key")
    db.execute_sql("ALTER TABLE comment DROP COLUMN updated_at")
    db.execute_sql("ALTER TABLE work_item DROP COLUMN source_key")
    db.execute_sql("ALTER TABLE work_item DROP COLUMN done_at")
    db.execute_sql("ALTER TABLE work_item DROP COLUMN tags")
