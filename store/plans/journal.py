"""The journal: a thread of timestamped notes per week of a cycle, searchable.

One ``journal_session`` per (cycle, week 1-13), made with its first note (week 13 is the review
week). A note goes to today's week unless told (week 1 before the cycle starts, 13 after it).
The weekly review's text is a note of kind ``review`` in the reviewed week's thread.

Search is a case-insensitive substring match done in Python with ``str.casefold`` — SQLite's
``lower()`` folds ASCII only, so "ÉTÉ" would never find "été" there.
"""

from __future__ import annotations

from typing import Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.limits import utc_from_epoch
from fcc.store.names import check_note_text
from fcc.store.plans.base import PlanBase
from fcc.store.rows import tuples

NOTE_MAX = 20_000  # characters: a long journal entry, not a document
NOTE_EXPECTED = "a note (text, not empty)"
WEEK_EXPECTED = "a week from 1 to 13 (13: the review week)"


class JournalVerbs(PlanBase):
    """add_note, edit_note, delete_note, journal."""

    def add_note(self, text: str, *, week: object = None, cycle: object = None
                 ) -> rp.JournalNote:
        """A note in a week's thread (today's week by default)."""
        body = _note_text(text)
        with self._plan_change("plan note") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            number = self._journal_week(row, week)
            message = self._add_message(row, number, body, "note")
            batch.message = f"note in week {number} of {row.name}"
        return self._note_record(message.id)

    def edit_note(self, note_id: object, text: str) -> rp.JournalNote:
        body = _note_text(text)
        with self._plan_change("plan note edit") as batch:
            message = self._note_row(note_id)
            self._ensure_midpoint(self._note_cycle(message))
            if message.body != body:
                self._set_row("journal_message", message, body=body,
                              edited_at=self.clock.now())
            batch.message = f"edit journal note #{message.id}"
        return self._note_record(message.id)

    def delete_note(self, note_id: object) -> None:
        """Delete a note (its week's thread goes with its last note)."""
        with self._plan_change("plan note delete") as batch:
            message = self._note_row(note_id)
            self._ensure_midpoint(self._note_cycle(message))
            self._delete_row("journal_message", message)
            session = t.JournalSession.get_by_id(message.session_id)
            if not t.JournalMessage.select().where(
                    t.JournalMessage.session == session.id).exists():
                self._delete_row("journal_session", session)
            batch.message = f"delete journal note #{message.id}"

    def journal(self, *, week: object = None, cycle: object = None,
                search: str | None = None) -> list[rp.JournalNote]:
        """A cycle's notes (one week's with ``week``) by time; ``search``: only notes holding
        that text, whatever its case (casefolded, runs of white space as one)."""
        row = self._cycle_row(cycle)
        where = t.JournalSession.cycle == row.id
        if week is not None:
            where &= t.JournalSession.week == _week_number(week)
        notes = self._note_records(where)
        if search is not None:
            if not isinstance(search, str):
                raise InvalidInput("search", "text to find in the notes", search)
            needle = " ".join(search.split()).casefold()
            if needle:
                notes = [n for n in notes if needle in " ".join(n.body.split()).casefold()]
        return notes

    # --- shared with the review --------------------------------------------------------------

    def _journal_week(self, cycle: t.Cycle, week: object) -> int:
        if week is not None:
            return _week_number(week)
        now = self._week_of(cycle)
        if now is None:
            return 1 if self._today() < cycle.start_date else rp.REVIEW_WEEK
        return now

    def _add_message(self, cycle: t.Cycle, week: int, body: str, kind: str
                     ) -> t.JournalMessage:
        session = t.JournalSession.get_or_none((t.JournalSession.cycle == cycle.id)
                                               & (t.JournalSession.week == week))
        if session is None:
            session = self._create_row("journal_session", t.JournalSession, cycle=cycle.id,
                                       week=week, title=f"Week {week}" if week <= rp.WEEKS
                                       else "Review week")
        return self._create_row("journal_message", t.JournalMessage, session=session.id,
                                kind=kind, body=body, at=self.clock.now(),
                                zone=self.prefs.zone)

    def _journal_count(self, cycle: t.Cycle) -> int:
        return (t.JournalMessage.select()
                .join(t.JournalSession, on=(t.JournalSession.id == t.JournalMessage.session))
                .where(t.JournalSession.cycle == cycle.id).count())

    # --- rows and records --------------------------------------------------------------------

    def _note_row(self, ref: object) -> t.JournalMessage:
        text = str(ref).strip().lstrip("#") if isinstance(ref, (int, str)) else ""
        if isinstance(ref, bool) or not (text.isascii() and text.isdigit()):
            raise InvalidInput("note", "a journal note number like 7", ref)
        row = t.JournalMessage.get_or_none(t.JournalMessage.id == int(text))
        if row is None:
            raise UnknownId(f"note: no journal note #{text}")
        return row

    def _note_cycle(self, message: t.JournalMessage) -> t.Cycle:
        session = t.JournalSession.get_by_id(message.session_id)
        return t.Cycle.get_by_id(session.cycle_id)

    def _note_record(self, note_id: int) -> rp.JournalNote:
        [note] = self._note_records(t.JournalMessage.id == note_id)
        return note

    def _note_records(self, where: Any) -> list[rp.JournalNote]:
        m, s = t.JournalMessage, t.JournalSession
        query = (m.select(m.id, s.cycle_id, s.week, m.kind, m.body, m.at, m.zone, m.edited_at)
                 .join(s, on=(s.id == m.session)).where(where).order_by(m.at, m.id))
        out = []
        for nid, cycle, week, kind, body, at, zone, edited in tuples(query):
            when = utc_from_epoch(at)
            assert when is not None  # NOT NULL
            out.append(rp.JournalNote(id=nid, cycle_id=cycle, week=week, kind=kind, body=body,
                                      at=when, zone=zone, edited_at=utc_from_epoch(edited)))
        return out


def _note_text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput("text", NOTE_EXPECTED, value)
    body = check_note_text(value, "text", "note").strip()
    if not body:
        raise InvalidInput("text", NOTE_EXPECTED, value)
    if len(body) > NOTE_MAX:
        raise InvalidInput("text", f"a note of at most {NOTE_MAX} characters")
    return body


def _week_number(week: object) -> int:
    if isinstance(week, str):
        text = week.strip().lower()
        if text in ("review", "review week"):
            return rp.REVIEW_WEEK
        week = int(text.lstrip("w")) if text.lstrip("w").isascii() and \
            text.lstrip("w").isdigit() else week
    if not isinstance(week, int) or isinstance(week, bool) or not 1 <= week <= rp.REVIEW_WEEK:
        raise InvalidInput("week", WEEK_EXPECTED, week)
    return week
