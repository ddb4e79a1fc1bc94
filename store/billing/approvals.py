"""Billing verbs: client approvals of timesheets.

``submit_approval`` freezes a client's billable entries of a period (local dates, both
included; an entry belongs to the period its start falls in and is never clipped): it records
the entry versions it covers (``approval_entry``), their totals per currency as the report
core prices exactly those entries (``approval_total``) and the timesheet sent (Markdown, from
:mod:`fcc.store.documents`). Pending or approved, an approval freezes those entries and the
client's period for every writer (:mod:`fcc.store.sql.locks`); rejected or withdrawn, it
frees them. Every step is one change, logged under the entity ``approval``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.billing.base import COVERABLE, UNAPPROVED, BillingBase
from fcc.store.billing.locks import approval_where, frozen_by
from fcc.store.entrytext import clean_note
from fcc.store.errors import BillingLocked, FccError, InvalidInput, UnknownId
from fcc.store.limits import utc_at, utc_from_epoch
from fcc.store.money import money
from fcc.store.sql import reports as sql_reports
from fcc.store.sql.boards import as_date
from fcc.store.sql.locks import approval_label
from fcc.store.sql.timers import _dashed
from fcc.store.when import day_start, format_local, local_date

OPEN = ("pending", "approved")
DECISIONS = ("approved", "rejected")


class ApprovalVerbs(BillingBase):
    # --- reading -----------------------------------------------------------------------------

    def approvals(self, *, status: str | None = None,
                  client: str | None = None) -> list[rb.Approval]:
        """Approvals, newest first; ``status`` one of pending, approved, rejected, withdrawn;
        ``client`` a client's name (its merged clients' approvals too)."""
        if status is not None and status not in rb.APPROVAL_STATUSES:
            raise InvalidInput("status", "one of " + ", ".join(rb.APPROVAL_STATUSES), status)
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if status is not None:
            where.append("a.status = ?")
            params.append(status)
        if client is not None:
            where.append("COALESCE(c.merged_into_id, c.id) = ?")
            params.append(self._client_row(client).id)
        return self._approval_records(" AND ".join(where), tuple(params))

    def approval(self, approval_id: int) -> rb.Approval:
        number = _approval_id(approval_id)
        found = self._approval_records("a.id = ?", (number,))
        if not found:
            raise UnknownId(f"approval: no approval with id {number}")
        return found[0]

    def approval_entries(self, approval_id: int) -> list[rec.Entry]:
        """The entry versions an approval covers, oldest first (as they were submitted)."""
        number = self.approval(approval_id).id
        return self._entries("e.id IN (SELECT entry_id FROM approval_entry "
                             "WHERE approval_id = ?)", (number,))

    def frozen_entries(self, entry_nos: Iterable[int]) -> dict[int, str]:
        """Entry number -> what freezes it (``approval 3 pending``, ``invoice 2026-0004``,
        ``draft 7``), for the entries of ``entry_nos`` that are frozen: one query."""
        return frozen_by(self.db.cursor(), self.dialect, entry_nos)

    # --- writing -----------------------------------------------------------------------------

    def submit_approval(self, client: str, start: dt.date, end: dt.date, *,
                        note: str = "") -> rb.Approval:
        """Freeze ``client``'s billable, stopped, not invoiced entries starting in the local
        days ``start``..``end`` and record their totals and timesheet. Refused: a period
        that has not ended, an open approval of the client overlapping it, a timer of the
        client running inside it, no entry to approve."""
        start, end = _date(start, "start"), _date(end, "end")
        if end < start:
            raise InvalidInput("end", f"a date on or after the start ({start})", str(end))
        zone = self.prefs.zone
        now = self.clock.now()
        today = local_date(now, zone)
        if end > today:
            raise InvalidInput("end", f"a period that has ended (today is {today})", str(end))
        note = clean_note(note)
        lo, hi = day_start(start, zone), day_start(end + dt.timedelta(days=1), zone)
        with self.change("approval submit") as batch:
            row = self._client_row(client)
            self._refuse_overlap(row.id, lo, hi, start, end)
            projects, pids = self._client_projects(row.id)
            for entry in self.running():
                if entry.project_id in pids and lo <= entry.start < hi:
                    raise FccError(
                        f"a timer of {row.name} runs inside the period (entry {entry.no}, "
                        f"since {format_local(entry.start, zone)}): stop it first (fcc stop)")
            covered = self._entries(COVERABLE.format(pids=",".join(map(str, pids)) or "0")
                                    + UNAPPROVED,
                                    (int(lo.timestamp()), int(hi.timestamp())))
            if not covered:
                raise FccError(f"nothing to approve: {row.name} has no billable entries from "
                               f"{start} to {end} that are stopped and not invoiced")
            totals = self._price(covered, pids, projects)
            created = t.Approval.create(
                client=row.id, period_start=start, period_end=end, status="pending",
                submitted_at=now, note=note, start_utc=lo, end_utc=hi, zone=zone)
            t.ApprovalEntry.insert_many(
                [{"uuid": t.new_uuid(), "approval": created.id, "entry": e.id}
                 for e in covered]).execute()
            t.ApprovalTotal.insert_many(
                [{"uuid": t.new_uuid(), "approval": created.id, "currency": m.currency,
                  "seconds": m.seconds, "billed_seconds": m.billed_seconds,
                  "amount": m.amount} for m in totals]).execute()
            record = self.approval(created.id)
            sheet = _timesheet(record, covered)
            t.Approval.update(timesheet=sheet).where(t.Approval.id == created.id).execute()
            record = self.approval(created.id)
            self._log("approval", created.id, "submit", None, _logged(record))
            batch.message = (f"submitted approval {created.id}: {row.name}, {start} to {end}, "
                             f"{len(covered)} entr{'y' if len(covered) == 1 else 'ies'}, "
                             + ", ".join(f"{m.amount} {m.currency}" for m in totals))
        return record

    def decide_approval(self, approval_id: int, status: str, *,
                        note: str = "") -> rb.Approval:
        """The client's answer to a pending approval: ``approved`` (its entries stay frozen
        until invoiced) or ``rejected`` (they are free again)."""
        if status not in DECISIONS:
            raise InvalidInput("status", "approved or rejected", status)
        action = "approve" if status == "approved" else "reject"
        with self.change(f"approval {action}") as batch:
            old = self.approval(approval_id)
            if old.status != "pending":
                raise FccError(f"approval {old.id} is {old.status}: only a pending approval "
                               f"is {status}")
            new = self._set_approval_status(old, status, action, note)
            batch.message = f"{action} {_label(old)}"
        return new

    def withdraw_approval(self, approval_id: int, *, note: str = "") -> rb.Approval:
        """Take an approval back: a pending one, or an approved one no invoice (that is not
        void) was made from. Its entries and period are free again."""
        with self.change("approval withdraw") as batch:
            old = self.approval(approval_id)
            if old.status not in OPEN:
                raise FccError(f"approval {old.id} is {old.status} already: only a pending or "
                               "approved one is withdrawn")
            invoiced = (t.Invoice.select(t.Invoice.id, t.Invoice.number)
                        .where((t.Invoice.approval == old.id) & (t.Invoice.status != "void"))
                        .first())
            if invoiced is not None:
                label = invoiced.number or f"draft {invoiced.id}"
                raise BillingLocked(
                    f"approval {old.id} is invoiced ({label}): void the invoice to withdraw it "
                    f"(fcc invoice void {invoiced.number or invoiced.id} --reason ...)")
            new = self._set_approval_status(old, "withdrawn", "withdraw", note)
            batch.message = f"withdraw {_label(old)}"
        return new

    def _set_approval_status(self, old: rb.Approval, status: str, action: str,
                             note: str = "") -> rb.Approval:
        """Write an approval's new status (inside the caller's change), its note added to the
        one it had, and log it. The invoice verbs withdraw an approved approval with it when
        the invoice made from it is voided."""
        note = clean_note(note)
        values: dict[str, Any] = {"status": status}
        if old.decided_at is None:
            values["decided_at"] = self.clock.now()
        if note:
            values["note"] = f"{old.note}\n{note}" if old.note else note
        t.Approval.update(values).where(t.Approval.id == old.id).execute()
        new = self.approval(old.id)
        self._log("approval", old.id, action, _logged(old), _logged(new))
        return new

    # --- internals ---------------------------------------------------------------------------

    def _refuse_overlap(self, client_id: int, lo: dt.datetime, hi: dt.datetime,
                        start: dt.date, end: dt.date) -> None:
        cur = self.db.cursor()
        cur.execute(self.dialect.sql(
            "SELECT a.id, c.name, a.period_start, a.period_end, a.status FROM approval a "
            f"JOIN client c ON c.id = a.client_id WHERE {approval_where()} "
            "AND COALESCE(c.merged_into_id, c.id) = ? AND a.start_utc < ? AND a.end_utc > ? "
            "ORDER BY a.id LIMIT 1"), (client_id, int(hi.timestamp()), int(lo.timestamp())))
        found = cur.fetchone()
        if found is not None:
            aid, name, first, last, status = found
            raise BillingLocked(
                f"{start} to {end} overlaps {approval_label(aid, name, first, last, status)}: "
                "one open approval per client and day")

    def _price(self, covered: list[rec.Entry], pids: tuple[int, ...],
               projects: dict[int, sql_reports.Proj]) -> list[rb.MoneyTotal]:
        """Totals per currency of exactly these entries: the report core, unclipped."""
        lines = self._priced(covered, pids, projects)
        return [rb.MoneyTotal(currency=x.currency, seconds=x.seconds,
                              billed_seconds=x.billed_seconds, amount=x.amount)
                for x in sql_reports.totals(lines)]

    def _approval_records(self, where: str, params: tuple[Any, ...]) -> list[rb.Approval]:
        """The approvals matching ``where`` (``a`` the approval, ``c`` its client), newest
        first, with their totals, entries and invoices: four queries."""
        cur = self.db.cursor()
        cur.execute(self.dialect.sql(
            "SELECT a.id, a.uuid, COALESCE(c.merged_into_id, c.id), COALESCE(s.name, c.name), "
            "a.period_start, a.period_end, a.start_utc, a.end_utc, a.zone, a.status, "
            "a.submitted_at, a.decided_at, a.note, a.timesheet FROM approval a "
            "JOIN client c ON c.id = a.client_id LEFT JOIN client s ON s.id = c.merged_into_id "
            f"WHERE {where} ORDER BY a.id DESC"), params)
        rows = cur.fetchall()
        if not rows:
            return []
        ids = ",".join(str(int(r[0])) for r in rows)
        totals: dict[int, list[rb.MoneyTotal]] = {}
        cur.execute(f"SELECT approval_id, currency, seconds, billed_seconds, amount FROM "
                    f"approval_total WHERE approval_id IN ({ids}) ORDER BY currency")
        for aid, currency, seconds, billed, amount in cur.fetchall():
            totals.setdefault(aid, []).append(rb.MoneyTotal(
                currency=currency, seconds=int(seconds), billed_seconds=int(billed),
                amount=money(amount) or Decimal("0.00")))
        numbers: dict[int, list[int]] = {}
        cur.execute(f"SELECT ae.approval_id, COALESCE(e.entry_no, e.id) FROM approval_entry ae "
                    f"JOIN time_entry e ON e.id = ae.entry_id WHERE ae.approval_id IN ({ids}) "
                    "ORDER BY e.start_utc, e.id")
        for aid, number in cur.fetchall():
            numbers.setdefault(aid, []).append(int(number))
        invoices: dict[int, list[int]] = {}
        cur.execute(f"SELECT approval_id, id FROM invoice WHERE approval_id IN ({ids}) "
                    "ORDER BY id")
        for aid, iid in cur.fetchall():
            invoices.setdefault(aid, []).append(int(iid))
        return [rb.Approval(
            id=int(aid), uuid=_dashed(uid), client_id=int(cid), client=name,
            period_start=as_date(first), period_end=as_date(last),
            start=utc_at(int(lo)), end=utc_at(int(hi)), zone=zone, status=status,
            submitted_at=utc_at(int(submitted)), decided_at=utc_from_epoch(decided),
            note=note, totals=tuple(totals.get(aid, ())), entry_nos=tuple(numbers.get(aid, ())),
            timesheet=sheet, invoice_ids=tuple(invoices.get(aid, ())))
            for (aid, uid, cid, name, first, last, lo, hi, zone, status, submitted, decided,
                 note, sheet) in rows]


def _timesheet(approval: rb.Approval, entries: list[rec.Entry]) -> str:
    """The timesheet sent: its Markdown (:mod:`fcc.store.documents`)."""
    from fcc.store.documents import timesheet_markdown

    return timesheet_markdown(approval, entries)


def _label(approval: rb.Approval) -> str:
    return approval_label(approval.id, approval.client, approval.period_start,
                          approval.period_end, approval.status)


def _logged(approval: rb.Approval) -> dict[str, Any]:
    """What the activity log keeps of an approval (the timesheet is in its row)."""
    data = rec.as_dict(approval)
    data.pop("timesheet", None)
    return data


def _approval_id(value: object) -> int:
    from fcc.store.bounds import parse_id

    return parse_id(value, "approval", "an approval id")


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(field, "a date like 2026-11-01", str(value))
    return value

