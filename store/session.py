"""What the TUI needs beyond the verbs: its saved session, a cheap change counter for live
updates, what a timer can start on, and when the user last did something."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.base import StoreBase
from fcc.store.limits import utc_from_epoch
from fcc.store.rows import tuples
from fcc.store.sql import session as sql_session

MAX_STATE = 20_000  # characters of JSON: selection and filters are small by design


class SessionVerbs(StoreBase):
    def change_counter(self) -> int:
        """Grows with every change anyone commits (the activity log is append-only, and
        every change writes to it): one index lookup, cheap enough to poll each second."""
        return sql_session.change_counter(self.db.cursor(), self.dialect)

    def last_start_before(self, instant: dt.datetime) -> dt.datetime | None:
        """When the newest current entry starting before ``instant`` started (None: there is
        none): how far back the app's entry list has anything to load. Walks the start index
        backwards from ``instant``."""
        value = (t.TimeEntry.select(pw.fn.MAX(t.TimeEntry.start_utc))
                 .where((t.TimeEntry.start_utc < instant)
                        & (t.TimeEntry.superseded_by + 0).is_null()
                        & (t.TimeEntry.voided_at + 0).is_null())
                 .scalar())
        return utc_from_epoch(value)

    def release_thread(self) -> None:
        """Close the calling thread's connection (the app's workers read on their own
        connections; the store's own stays open)."""
        if not self.db.is_closed():
            self.db.close()

    def load_session(self, name: str = "default") -> rec.Session | None:
        row = sql_session.session_row(self.db.cursor(), self.dialect, name)
        if row is None:
            return None
        from fcc.store.records_tui import session_from_row

        updated = utc_from_epoch(row[4])
        assert updated is not None  # updated_at is NOT NULL
        return session_from_row(row[0], row[1], row[2], row[3], updated)

    def save_session(self, name: str, *, last_pane: str, selection: dict[str, Any],
                     filters: dict[str, Any]) -> None:
        """Upsert the TUI's state. Not a change to the user's data, so no activity row (and
        no live refresh in other windows)."""
        sel, fil = json.dumps(selection, default=str), json.dumps(filters, default=str)
        if len(sel) > MAX_STATE or len(fil) > MAX_STATE:
            return  # never worth failing a quit over
        now = self.clock.now()
        with self.atomic():
            (t.SessionState.insert(name=name, last_pane=last_pane[:20], selection=sel,
                                   filters=fil, updated_at=now)
             .on_conflict(conflict_target=[t.SessionState.name],
                          update={t.SessionState.last_pane: last_pane[:20],
                                  t.SessionState.selection: sel, t.SessionState.filters: fil,
                                  t.SessionState.updated_at: now})
             .execute())

    def picks(self, limit: int = 500) -> list[rec.Pick]:
        """Active projects and open cards, most recently tracked first, then by name."""
        last_by_project = dict(tuples(
            t.TimeEntry.select(t.TimeEntry.project, pw.fn.MAX(t.TimeEntry.start_utc))
            .group_by(t.TimeEntry.project)))
        projects = tuples(t.Project.select(t.Project.id, t.Project.name, t.Client.name)
                          .join(t.Client, pw.JOIN.LEFT_OUTER)
                          .where(t.Project.merged_into.is_null() & ~t.Project.archived))
        out = []
        labels = {}
        for pid, name, client in projects:
            label = f"{client}/{name}" if client else name
            labels[pid] = label
            out.append(rec.Pick(kind="project", id=pid, label=label, project=None,
                                last_used=utc_from_epoch(last_by_project.get(pid))))
        last_by_card = dict(tuples(
            t.TimeEntry.select(t.TimeEntry.work_item, pw.fn.MAX(t.TimeEntry.start_utc))
            .where(t.TimeEntry.work_item.is_null(False))
            .group_by(t.TimeEntry.work_item)))
        cards = tuples(t.WorkItem.select(t.WorkItem.id, t.WorkItem.title, t.WorkItem.project)
                       .where(t.WorkItem.deleted_at.is_null() & ~t.WorkItem.archived)
                       .order_by(t.WorkItem.id.desc()).limit(limit))
        for cid, title, pid in cards:
            out.append(rec.Pick(kind="card", id=cid, label=f"#{cid} {title}",
                                project=labels.get(pid),
                                last_used=utc_from_epoch(last_by_card.get(cid))))
        out.sort(key=lambda p: (p.last_used is None,
                                -p.last_used.timestamp() if p.last_used else 0,
                                p.kind != "project", p.label.lower()))
        return out

    def last_activity(self, since: dt.datetime, *, ignore_entry: int | None = None
                      ) -> dt.datetime | None:
        """The newest change logged after ``since`` (besides those to ``ignore_entry``, e.g.
        a forgotten timer's own start): when the user was last seen at work."""
        query = t.Activity.select(pw.fn.MAX(t.Activity.at)).where(
            (t.Activity.at > since) & (t.Activity.entity != "batch"))
        if ignore_entry is not None:
            query = query.where(~((t.Activity.entity == "time_entry")
                                  & (t.Activity.entity_id == str(ignore_entry))))
        return utc_from_epoch(query.scalar())

