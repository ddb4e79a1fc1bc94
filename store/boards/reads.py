"""Reading boards and cards: one card, the cards of a board (filtered), each with what a tile shows
derived in the same read (blockers, tracked time, children's progress, running timer).
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class CardReadVerbs(CatalogVerbs):
    pass
