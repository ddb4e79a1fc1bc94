"""Reports: totals by client, project, card, day, week or month (work in progress)."""

from __future__ import annotations

from fcc.store.catalog import CatalogVerbs


class ReportVerbs(CatalogVerbs):
    pass
