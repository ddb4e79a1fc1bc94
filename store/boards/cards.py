"""Cards: add, edit, move (column, lane, position), step to the previous/next column, reorder,
done, archive, soft delete and restore, set parent, tags; WIP limits and open blockers refuse a
move unless forced.
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class CardVerbs(CatalogVerbs):
    pass
