"""Undo: revert the last change (one activity batch), and say what it was.

Nothing is deleted to undo a time entry: a created entry is voided, a stopped one gets a new
running version, a corrected one gets a version with the old values, a voided one a version
that is not voided. So an undo is itself a change, and the history shows it.

Board rows (boards, columns, lanes, cards, sprints, dependencies, comments: ``BOARD_TABLES``)
are reverted from the values the activity log kept: a created row is deleted again, a deleted
one comes back with its id, a changed one gets its old values. Whoever writes those tables gets
undo by logging each row with ``fcc.store.boards.base.row_values`` before and after. The plan
tables (``PLAN_TABLES``) are reverted the same way, and then the score of every week whose items
or quota changed is computed again (it is derived, never logged). The midpoint lock is never
undone: a change that set it is refused whole, unless the lock was due by the calendar (week 7
has begun: the week's first write set it) — then the rest is undone and the lock stays.
Nor is any change to an approval or an invoice (:func:`billing_refusal`): they are voided,
rejected or withdrawn instead, and the log keeps every step.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.entries import EntryVerbs
from fcc.store.errors import BillingLocked, FccError, IntegrityViolation, NotFound, PlanLocked
from fcc.store.timers import _values_of


class UndoVerbs(EntryVerbs):
    def undo(self, *, batch: str | None = None) -> rec.Change:
        """Revert the last change not yet undone, and say what it was.

        It never claims what it did not do: a change whose rows lost their batch (a schema
        downgrade and upgrade by an fcc that did not keep batches) or of which nothing could
        be reverted is an error (exit 1), and nothing is written. A change that changed
        nothing (e.g. unset of a key that was not set) is passed over.

        ``batch``: undo only if that batch is still the last change (the History pane asks
        about one batch; a change made meanwhile by another process is refused, not undone)."""
        marker, message, rows = self._next_undo()
        if batch is not None and marker.entity_id != batch:
            raise FccError(f"cannot undo that change: it is no longer the latest ({message!r} "
                           "came after it); nothing was undone")
        return self._undo_batch(marker, message, rows)

    def undoable_batch(self) -> str | None:
        """The batch :meth:`undo` would revert now (None when there is none)."""
        try:
            marker, _, _ = self._next_undo()
        except FccError:  # nothing to undo, or the last change lost its batch
            return None
        return str(marker.entity_id)

    def _next_undo(self) -> tuple[t.Activity, str, list[t.Activity]]:
        """The batch marker of the last change this actor may undo, its message and its rows
        (newest first): not undone, not an undo itself, and with rows to revert."""
        # Newest first along the primary key, each candidate checked through an index (undone:
        # an undo marker names it; written inside an undo): a NOT IN over every undo marker
        # read all the batch markers for each call (3 s on a log of 200,000 rows).
        a, u = t.Activity, t.Activity.alias()
        undone = u.select(pw.SQL("1")).where(
            (u.entity == "batch") & (u.entity_id == a.entity_id) & (u.action == "undo"))
        in_an_undo = u.select(pw.SQL("1")).where(
            (u.batch == a.batch) & (u.entity == "batch") & (u.action == "undo"))
        markers = (a.select()
                   .where((a.entity == "batch") & (a.actor == self.actor) & (a.action != "undo")
                          & ~pw.fn.EXISTS(undone)
                          & (a.batch.is_null() | ~pw.fn.EXISTS(in_an_undo)))
                   .order_by(a.id.desc()))
        offset = 0
        while True:  # a page at a time: changes that changed nothing are rare
            page = list(markers.offset(offset).limit(20))
            if not page:
                raise NotFound("nothing to undo")
            offset += len(page)
            for marker in page:
                message = json.loads(marker.after or "{}").get("message") or marker.action
                if marker.batch is None:  # every marker logs its own batch: this one lost it
                    raise FccError(
                        f"cannot undo {message!r}: the activity log no longer says which rows "
                        "it changed (their batch was lost in a schema downgrade and upgrade); "
                        "nothing was undone")
                rows = list(t.Activity.select().where(
                    (t.Activity.batch == marker.entity_id) & (t.Activity.entity != "batch"))
                    .order_by(t.Activity.id.desc()))
                if rows:
                    return marker, message, rows

    def _undo_batch(self, marker: t.Activity, message: str,
                    rows: list[t.Activity]) -> rec.Change:
        refusal = billing_refusal(message, {row.entity for row in rows})
        if refusal is not None:
            raise BillingLocked(refusal)
        locks = [row for row in rows if row.entity == "cycle" and row.action == "lock"]
        if locks and (len(locks) == len(rows) or not self._locks_due(locks)):
            raise PlanLocked(f"cannot undo {message!r}: the midpoint lock cannot be undone "
                             "(weeks 7-12 stay locked once set); nothing was undone")
        # A lock due by the calendar (week 7 has begun) is set by whatever write comes first:
        # that write is undone, the lock stays (the next write would set it again anyway).
        kept = " (the midpoint lock it set stays: week 7 has begun)" if locks else ""
        rows = [row for row in rows if row not in locks]
        try:
            with self.change("undo") as batch:
                if self._next_undo()[0].id != marker.id:  # under the writer lock: still last
                    raise FccError(f"cannot undo {message!r}: another change was made "
                                   "meanwhile; nothing was undone")
                done = sum(1 for row in rows if self._revert(row))
                _rescore_weeks(rows)
                if not done:
                    what = ("its change was" if len(rows) == 1
                            else f"all {len(rows)} of its changes were")
                    raise FccError(f"cannot undo {message!r}: {what} already reverted or "
                                   "replaced since; nothing was undone")
                self._log("batch", marker.entity_id, "undo", None, {"message": message})
                batch.message = (f"undid: {message}" if done == len(rows) else (
                    f"undid {done} of the {len(rows)} changes of: {message} (the others were "
                    "already reverted or replaced since)")) + kept
        except Exception as exc:  # PostgreSQL's RAISE in a trigger is no integrity error
            from fcc.store.plans.base import LOCK_REFUSALS

            text = " ".join(str(exc).split())
            for phrase, why in LOCK_REFUSALS.items():
                if phrase in text:
                    raise PlanLocked(f"cannot undo {message!r}: {why}; nothing was undone"
                                     ) from None
            if isinstance(exc, BillingLocked):  # the entry was frozen since
                raise BillingLocked(f"cannot undo {message!r}: {exc}") from None
            if isinstance(exc, IntegrityViolation):
                raise FccError(f"cannot undo {message!r}: {exc}") from None
            raise
        return rec.Change(action="undo", message=batch.message, entry=None)

    def _locks_due(self, locks: list[t.Activity]) -> bool:
        """Whether every cycle these lock rows locked has reached its week 7 (in the user's
        zone): its lock is due by the calendar, whatever set it."""
        from fcc.store.plans.base import locks_on
        from fcc.store.sql.boards import as_date
        from fcc.store.when import local_date

        today = local_date(self.clock.now(), self.prefs.zone)
        cycles = t.Cycle.select().where(t.Cycle.id.in_([int(r.entity_id) for r in locks]))
        return all(today >= locks_on(as_date(c.start_date)) for c in cycles)

    def _revert(self, row: t.Activity) -> bool:
        """Revert one logged change; False when there was nothing left to revert."""
        before = json.loads(row.before) if row.before else None
        after = json.loads(row.after) if row.after else None
        if row.entity == "time_entry":
            return self._revert_entry(row.action, before, after)
        if row.entity in BOARD_TABLES:
            return self._revert_row(BOARD_TABLES[row.entity], row, before, after)
        if row.entity in PLAN_TABLES:
            if row.entity == "weekly_plan" and before is not None and after is not None:
                # The lock's trigger keeps ``locked``; the score is computed again after.
                before = {k: v for k, v in before.items() if k not in ("locked", "score")}
            return self._revert_row(PLAN_TABLES[row.entity], row, before, after)
        if row.entity in ("client", "project"):
            model = {"client": t.Client, "project": t.Project}[row.entity]
            if before is None:  # created: remove it again, or archive what history still uses
                try:
                    with self.db.atomic():
                        model.delete().where(model.id == int(row.entity_id)).execute()
                    self._log(row.entity, row.entity_id, "delete", after, None)
                except pw.IntegrityError:
                    model.update(archived=True).where(model.id == int(row.entity_id)).execute()
                    self._log(row.entity, row.entity_id, "update", after,
                              {**(after or {}), "archived": True})
            else:
                fresh = model.get_by_id(int(row.entity_id))
                columns = {f.column_name: f for f in model._meta.fields.values()}
                restore = {columns[k]: _column_value(columns[k], v) for k, v in before.items()
                           if k in columns and k not in ("id", "uuid", "created_at")}
                model.update(restore).where(model.id == fresh.id).execute()
                self._log(row.entity, row.entity_id, "update", after, before)
            return True
        if row.entity == "setting":
            key = row.entity_id
            t.Setting.delete().where(t.Setting.key == key).execute()
            if before is not None:
                t.Setting.insert(key=key, value=before["value"]).execute()
            self._log("setting", key, "set" if before else "unset", after, before)
            self._prefs = None
            return True
        return False

    def _revert_row(self, model: type[pw.Model], row: t.Activity,
                    before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
        """Revert one logged change of a board table (``BOARD_TABLES``) from its row values:
        a created row is deleted again (a card that time entries name is soft deleted
        instead), a deleted one inserted again with its id, an updated one gets its values
        back."""
        columns = {f.column_name: f for f in model._meta.fields.values()}
        key = model._meta.primary_key
        if before is None:  # created
            assert after is not None
            where = key == after["id"]
            if not model.select().where(where).exists():
                return False
            try:
                with self.db.atomic():
                    model.delete().where(where).execute()
                self._log(row.entity, row.entity_id, "delete", after, None)
            except pw.IntegrityError:  # time entries name the card: take it off the board
                if "deleted_at" not in columns:
                    raise
                now = self.clock.now()
                model.update({columns["deleted_at"]: now}).where(where).execute()
                self._log(row.entity, row.entity_id, "update", after,
                          {**after, "deleted_at": now.isoformat()})
            return True
        values = {columns[k]: _column_value(columns[k], v) for k, v in before.items()
                  if k in columns}
        if after is None:  # deleted: back with the same id
            if model.select().where(key == before["id"]).exists():
                return False
            model.insert(values).execute()
            self._log(row.entity, row.entity_id, "create", None, before)
            return True
        values = {c: v for c, v in values.items() if c.column_name not in ("id", "uuid")}
        if not model.select().where(key == before["id"]).exists():
            return False
        model.update(values).where(key == before["id"]).execute()
        self._log(row.entity, row.entity_id, "update", after, before)
        return True

    def _revert_entry(self, action: str, before: dict[str, Any] | None,
                      after: dict[str, Any] | None) -> bool:
        assert after is not None
        after_id = int(after["id"])
        latest = self._latest(after_id)
        if before is None:  # created: start, add, import
            if latest.current:
                self._void_row(latest, "undo")
                return True
        elif action == "stop":
            if latest.current and latest.end is not None:
                values = _values_of(latest)
                values["end_utc"] = None
                self._supersede(latest, [values], "undo")
                return True
        elif action == "void":
            voided = self._row(after_id)
            if voided.superseded_by is None:
                self._supersede(voided, [_values_of(voided)], "undo")
                return True
        else:  # a new version replaced ``before``: amend, split, break, rerate, undo
            old = self._row(int(before["id"]))
            if old.superseded_by == after_id:
                if latest.current:
                    self._supersede(latest, [_values_of(old)], "undo")
                    return True
            elif latest.current:  # the extra piece of a split or a break
                self._void_row(latest, "undo")
                return True
        return False

    def _latest(self, row_id: int) -> rec.Entry:
        """The newest version of the entry a row belongs to."""
        entry = self._row(row_id)
        while entry.superseded_by is not None:
            entry = self._row(entry.superseded_by)
        return entry


# The tables whose rows undo reverts from their logged values, by activity entity: the boards'
# (and so every board verb's, sprints' and comments' too, whoever wrote them).
BOARD_TABLES: dict[str, type[pw.Model]] = {
    "board": t.Board, "board_column": t.BoardColumn, "swim_lane": t.SwimLane,
    "work_item": t.WorkItem, "sprint": t.Sprint, "dependency": t.Dependency,
    "comment": t.Comment,
}


# The plan tables, reverted like the boards' (the activity entities of fcc.store.plans).
PLAN_TABLES: dict[str, type[pw.Model]] = {
    "vision": t.Vision, "cycle": t.Cycle, "goal": t.Goal, "measure": t.Measure,
    "measure_value": t.MeasureValue, "tactic": t.Tactic, "weekly_plan": t.WeeklyPlan,
    "plan_item": t.PlanItem, "journal_session": t.JournalSession,
    "journal_message": t.JournalMessage,
}


def billing_refusal(message: str, entities: set[str]) -> str | None:
    """Why a change that wrote these entities (activity rows) is never undone, or None.
    Approvals and invoices are records sent to a client: an invoice is voided by a credit
    note, an approval rejected or withdrawn, never taken back as if it never was."""
    if "invoice" in entities:
        return (f"cannot undo {message!r}: invoices are never undone; void it (fcc invoice "
                "void) instead")
    if "approval" in entities:
        return (f"cannot undo {message!r}: approvals are never undone; reject or withdraw it "
                "(fcc approval reject|withdraw) instead")
    return None


def _rescore_weeks(rows: list[t.Activity]) -> None:
    """Compute again the score of the weeks whose plan or items an undo reverted."""
    from fcc.store.plans.base import week_score

    plans: set[int] = set()
    for row in rows:
        if row.entity == "weekly_plan":
            plans.add(int(row.entity_id))
        elif row.entity == "plan_item":
            for side in (row.before, row.after):
                if side:
                    plans.add(int(json.loads(side)["weekly_plan_id"]))
    for plan in t.WeeklyPlan.select().where(t.WeeklyPlan.id.in_(sorted(plans))):
        done = t.PlanItem.select().where((t.PlanItem.weekly_plan == plan.id)
                                         & t.PlanItem.done).count()
        score = week_score(plan.quota, done)
        if score != plan.score:
            t.WeeklyPlan.update(score=score).where(t.WeeklyPlan.id == plan.id).execute()


def _column_value(field: pw.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, t.UtcField):
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(field, pw.DateField) and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(field, pw.DecimalField):
        return Decimal(str(value))
    return value
