"""Billing verbs: what is not billed yet, per client and currency.

An entry is unbilled while it is current, stopped and billable, has no ``invoice_ref`` (an
imported one may carry one) and is on no active invoice (``invoice_entry.active``: a draft
counts, a voided invoice does not). Amounts come from the report core over exactly those
entries, unclipped (all time up to now), so they are what an invoice of them would total.
"""

from __future__ import annotations

from decimal import Decimal

from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.billing.base import BillingBase
from fcc.store.sql import reports as sql_reports
from fcc.store.sql.reports import Scope

# The unbilled entries, as a condition on the report core's ``te``.
UNBILLED = ("te.end_utc IS NOT NULL AND te.invoice_ref IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM invoice_entry ie WHERE ie.entry_id = te.id AND ie.active)")
# ... of them, those an approved approval covers (ready to invoice).
APPROVED = ("te.id IN (SELECT ae.entry_id FROM approval_entry ae JOIN approval a "
            "ON a.id = ae.approval_id WHERE a.status = 'approved')")


class UnbilledVerbs(BillingBase):
    def unbilled(self) -> list[rb.Unbilled]:
        """Per client (merges resolved) and currency: the billable time not invoiced yet and
        its amount, with how much of it an approved timesheet covers; sorted by client name
        (case ignored), then currency. Time on projects without a client is not billed to
        anyone and is left out."""
        projects = self._project_map()
        billed = {raw: p for raw, p in projects.items() if p.cid is not None}
        if not billed:
            return []
        cur = self.db.cursor()
        pids = tuple(sorted(billed))
        # Only the span of the unbilled entries needs day rows: invoiced years cost nothing.
        # The first one walks the start index (SQLite: "+" keeps it off the others).
        plus = "" if self.dialect.postgres else "+"
        cur.execute(self.dialect.sql(
            f"SELECT te.start_utc FROM time_entry te WHERE {plus}te.superseded_by_id IS NULL "
            f"AND {plus}te.voided_at IS NULL AND te.billable AND {UNBILLED} "
            "ORDER BY te.start_utc LIMIT 1"))
        found = cur.fetchone()
        if found is None:
            return []
        _, last_end = sql_reports.entry_bounds(cur, self.dialect)
        now = int(self.clock.now().timestamp())
        lo, hi = int(found[0]), max(now, last_end) + 1
        with self._reading():
            lines = sql_reports.report_lines(
                cur, self.dialect, self.prefs, now,
                Scope(lo, hi, pids, billable_only=True, where=UNBILLED), ("client",), billed)
            approved = sql_reports.report_lines(
                cur, self.dialect, self.prefs, now,
                Scope(lo, hi, pids, billable_only=True, where=f"{UNBILLED} AND {APPROVED}"),
                ("client",), billed) if lines and _any_approved() else []
        ready = {(x.client_id, x.currency): x.amount for x in approved}
        asks = {row.id: bool(row.needs_approval) for row in t.Client.select(
            t.Client.id, t.Client.needs_approval).where(
            t.Client.id.in_({x.client_id for x in lines}))} if lines else {}
        out = [rb.Unbilled(
            client_id=x.client_id or 0, client=x.client or "", currency=x.currency,
            seconds=x.seconds, billed_seconds=x.billed_seconds, amount=x.amount,
            needs_approval=bool(asks.get(x.client_id)),
            approved_amount=ready.get((x.client_id, x.currency), Decimal("0.00")))
            for x in lines if x.seconds > 0]
        return sorted(out, key=lambda u: (u.client.casefold(), u.client_id, u.currency))


def _any_approved() -> bool:
    return bool(t.Approval.select(t.Approval.id).where(t.Approval.status == "approved")
                .limit(1).count())
