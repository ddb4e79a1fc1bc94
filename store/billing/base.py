"""What the billing verbs share: the settings from the config file, the report core they
price with, the entry verbs whose rules they extend."""

from __future__ import annotations

from collections.abc import Sequence

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store.entries import EntryVerbs
from fcc.store.reports import ReportVerbs
from fcc.store.sql import reports as sql_reports
from fcc.store.sql.reports import Proj, Scope

# A client's entries that a period's approval or invoice may cover, starting in [?, ?):
# current, stopped, billable, on one of the client's projects (``{pids}``: raw ids, merged
# ones too), not invoiced (by fcc, or imported with an invoice reference).
COVERABLE = ("+e.superseded_by_id IS NULL AND +e.voided_at IS NULL AND e.end_utc IS NOT NULL "
             "AND e.billable AND e.start_utc >= ? AND e.start_utc < ? "
             "AND e.project_id IN ({pids}) AND e.invoice_ref IS NULL AND NOT EXISTS "
             "(SELECT 1 FROM invoice_entry ie WHERE ie.entry_id = e.id AND ie.active)")
# ... and, for a new approval, in no open approval (another client's, when a project moved)
UNAPPROVED = (" AND NOT EXISTS (SELECT 1 FROM approval_entry ae JOIN approval a "
              "ON a.id = ae.approval_id WHERE ae.entry_id = e.id "
              "AND a.status IN ('pending', 'approved'))")


class BillingBase(ReportVerbs, EntryVerbs):
    # The config file's [seller] and [invoice] tables; whoever opens the store for a user
    # (fcc.tui.cli.base.open_store, the app) sets them. Defaults: no seller details.
    billing: rb.BillingSettings = rb.BillingSettings()

    def _client_projects(self, client_id: int) -> tuple[dict[int, Proj], tuple[int, ...]]:
        """The report core's project map, and the raw ids (merged ones too) of the projects
        of a client (its effective id)."""
        projects = self._project_map()
        return projects, tuple(sorted(raw for raw, p in projects.items() if p.cid == client_id))

    def _priced(self, entries: Sequence[rec.Entry], pids: tuple[int, ...],
                projects: dict[int, Proj], keys: tuple[str, ...] = ()
                ) -> list[rec.ReportLine]:
        """Exactly these stopped entries, priced by the report core and grouped by ``keys``
        (``rate`` among them, for an invoice's lines): the range is theirs, from the first
        start to the last end, so nothing is clipped. Hence a total of these lines is what
        ``report`` says for the same entries, to the cent."""
        if not entries:
            return []
        first = int(min(e.start for e in entries).timestamp())
        last = int(max(e.end for e in entries if e.end is not None).timestamp()) + 1
        ids = ",".join(str(int(e.id)) for e in entries)
        scope = Scope(first, last, pids, billable_only=True, where=f"te.id IN ({ids})")
        now = int(self.clock.now().timestamp())
        with self._reading():
            return sql_reports.report_lines(self.db.cursor(), self.dialect, self.prefs, now,
                                            scope, keys, projects)
