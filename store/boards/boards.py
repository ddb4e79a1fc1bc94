"""Boards, their columns and swim lanes: create, rename, archive, link to a project; add, rename,
reorder, limit, mark done and remove columns; the same for lanes.
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class BoardSetupVerbs(CatalogVerbs):
    pass
