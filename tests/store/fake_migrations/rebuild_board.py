"""Rebuilds a parent table the SQLite way (new table, copy, drop, rename).

With foreign keys on, DROP TABLE board would cascade-delete every column, lane, sprint and
card: the runner must have switched them off before BEGIN.
"""

import peewee as pw

from fcc.migrations import discover

VERSION = len(discover()) + 1  # always the next version after the real ones
NAME = "rebuild_board"


def up(db: pw.Database) -> None:
    (sql,) = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'board'"
    ).fetchone()
    db.execute_sql(sql.replace('CREATE TABLE "board"', 'CREATE TABLE "board_new"', 1))
    db.execute_sql("INSERT INTO board_new SELECT * FROM board")
    db.execute_sql("DROP TABLE board")
    db.execute_sql("ALTER TABLE board_new RENAME TO board")
    db.execute_sql('CREATE UNIQUE INDEX "board_uuid" ON "board" ("uuid")')
    db.execute_sql('CREATE UNIQUE INDEX "board_name" ON "board" ("name")')
    db.execute_sql('CREATE INDEX "board_project_id" ON "board" ("project_id")')


def down(db: pw.Database) -> None:
    pass
