"""Comments on cards: add, edit (the earlier text stays in the activity log), soft delete."""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class CommentVerbs(CatalogVerbs):
    pass
