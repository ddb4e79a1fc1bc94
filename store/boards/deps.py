"""Dependencies (A blocks B): block and unblock; a cycle is refused naming it, checked under the
writer lock.
"""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class DependencyVerbs(CatalogVerbs):
    pass
