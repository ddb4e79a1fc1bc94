"""A benign second version: lets tests walk 0 -> 1 -> 2 -> 1 -> 0 and back."""

import peewee as pw

from fcc.migrations import discover

VERSION = len(discover()) + 1  # always the next version after the real ones
NAME = "add_note"


def up(db: pw.Database) -> None:
    db.execute_sql("ALTER TABLE client ADD COLUMN note TEXT DEFAULT ''")


def down(db: pw.Database) -> None:
    db.execute_sql("ALTER TABLE client DROP COLUMN note")
