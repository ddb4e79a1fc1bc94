"""Deletes parents and leaves children pointing at nothing: foreign_key_check must catch it."""

import peewee as pw

from fcc.migrations import discover

VERSION = len(discover()) + 1  # always the next version after the real ones
NAME = "dangling"


def up(db: pw.Database) -> None:
    db.execute_sql("DROP TABLE board")
    db.execute_sql("CREATE TABLE board (id INTEGER PRIMARY KEY, uuid TEXT, name TEXT, "
                   "project_id INTEGER, archived INTEGER, created_at INTEGER)")


def down(db: pw.Database) -> None:
    pass
