"""Sprints: plan, start (one active per board), complete (unfinished cards to the next sprint or
the backlog), list, and a sprint's burndown.
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class SprintVerbs(CatalogVerbs):
    pass
