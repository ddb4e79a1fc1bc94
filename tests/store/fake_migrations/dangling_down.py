"""Adds nothing; its down() leaves children pointing at nothing: foreign_key_check catches it,
and the error names the backup as one from before the downgrade."""

import peewee as pw

from fcc.migrations import discover

VERSION = len(discover()) + 1  # always the next version after the real ones
NAME = "dangling_down"


def up(db: pw.Database) -> None:
    pass


def down(db: pw.Database) -> None:
    db.execute_sql("DROP TABLE board")
    db.execute_sql("CREATE TABLE board (id INTEGER PRIMARY KEY, uuid TEXT, name TEXT, "
                   "project_id INTEGER, archived INTEGER, created_at INTEGER)")
