"""Damaging a real database file on purpose, as the reliability audit did (shared by the store's
and the command line's disk-fault tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fcc.store import faults


def corrupt_middle_page(path: Path) -> None:
    """12 bytes flipped at the start of a page in the middle of the file (checkpointed first,
    so the damage is in the file itself), as the audit did; quick_check must see it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((pages // 2) * size)
        fh.write(b"\xff" * 12)
    assert faults.check_file(path) is not None, "the corruption must fail quick_check"
