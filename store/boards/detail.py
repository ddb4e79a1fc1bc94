"""A card in full: its children and progress, dependencies both ways, comments, time entries and
history (the activity log's before/after).
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class CardDetailVerbs(CatalogVerbs):
    pass
