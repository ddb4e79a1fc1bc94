"""The one source of the latest schema version: the highest ``mNNNN_*.py`` in migrations/."""

from __future__ import annotations

import functools
import os

MIGRATIONS_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "migrations")


@functools.cache
def latest_version() -> int:
    versions = [int(n[1:5]) for n in os.listdir(MIGRATIONS_DIR)
                if n.startswith("m") and n.endswith(".py") and n[1:5].isdigit()]
    return max(versions, default=0)
