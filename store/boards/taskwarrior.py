"""Importing Taskwarrior's `task export` JSON as cards: projects, tags, priority, due, status,
annotations, dependencies; idempotent by the task's uuid.
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class TaskwarriorVerbs(CatalogVerbs):
    pass
