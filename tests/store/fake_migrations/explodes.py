"""Changes schema and data, then fails: the runner must leave no trace of it."""

import peewee as pw

from fcc.migrations import discover

VERSION = len(discover()) + 1  # always the next version after the real ones
NAME = "explodes"


def up(db: pw.Database) -> None:
    db.execute_sql("CREATE TABLE doomed (id INTEGER PRIMARY KEY, label TEXT)")
    db.execute_sql("INSERT INTO doomed (id, label) VALUES (1, 'should vanish')")
    db.execute_sql("ALTER TABLE client ADD COLUMN doomed_note TEXT")
    db.execute_sql("UPDATE client SET name = name || ' (renamed)'")
    raise RuntimeError("deliberate failure in a test migration")


def down(db: pw.Database) -> None:
    raise AssertionError("never applied, never reverted")
