"""A card in full: its children and progress, dependencies both ways, comments, time entries and
history (the activity log's before/after).

A card's history is every logged change of its ``work_item`` row, of its comments (rows whose
before or after has its ``work_item_id``, so a comment whose adding was undone still shows) and
of its dependencies (``entity_id`` ``BLOCKER>BLOCKED``), oldest first.
"""

from __future__ import annotations

import json
from typing import Any

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards.comments import card_comments
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.rows import tuples


class CardDetailVerbs(CardReadVerbs):
    def card_detail(self, card: int) -> rb.CardDetail:
        """What the card's detail view shows, deleted cards too (``restore`` brings them
        back)."""
        record = self.card(card)
        child_ids = [i for (i,) in tuples(
            t.WorkItem.select(t.WorkItem.id)
            .where((t.WorkItem.parent == record.id) & t.WorkItem.deleted_at.is_null()))]
        children = tuple(self._card_records(child_ids)) if child_ids else ()  # board order
        return rb.CardDetail(
            card=record, children=children,
            blockers=_dependencies(t.Dependency.blocked == record.id),
            blocking=_dependencies(t.Dependency.blocker == record.id),
            comments=tuple(card_comments(record.id)),
            history=self.card_history(record.id),
            entry_ids=_entry_numbers(record.id))

    def card_history(self, card: int) -> tuple[rb.HistoryLine, ...]:
        """Every logged change of the card, its comments and its dependencies, oldest first."""
        record = self.card(card)  # an unknown card: UnknownId
        me = str(record.id)
        mine = ((t.Activity.entity == "work_item") & (t.Activity.entity_id == me)) | (
            (t.Activity.entity == "dependency")
            & (t.Activity.entity_id.startswith(me + ">") | t.Activity.entity_id.endswith(
                ">" + me)))
        # A comment's rows carry its card in their values: the LIKE finds candidates cheaply
        # (the comment ids of the card would miss one whose adding was undone), the check
        # below keeps only the card's own.
        marker = f'"work_item_id": {me}'
        theirs = (t.Activity.entity == "comment") & (
            t.Activity.before.contains(marker) | t.Activity.after.contains(marker))
        rows = (t.Activity.select(t.Activity.at, t.Activity.actor, t.Activity.entity,
                                  t.Activity.action, t.Activity.before, t.Activity.after)
                .where(mine | theirs).order_by(t.Activity.id))
        lines = []
        for at, actor, entity, action, before_text, after_text in tuples(rows):
            before, after = _values(before_text), _values(after_text)
            if entity == "comment" and record.id not in (_card_of(before), _card_of(after)):
                continue
            lines.append(rb.HistoryLine(at=at, actor=actor, entity=entity, action=action,
                                        before=before, after=after))
        return tuple(lines)


def _values(text: str | None) -> dict[str, object] | None:
    if not text:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _card_of(values: dict[str, object] | None) -> object:
    return None if values is None else values.get("work_item_id")


def _dependencies(where: Any) -> tuple[rb.Dependency, ...]:
    """Dependencies of a card (open or done), without those of deleted cards."""
    blocker = t.WorkItem.alias("blocker")
    blocked = t.WorkItem.alias("blocked")
    query = (t.Dependency.select(t.Dependency.blocker_id, t.Dependency.blocked_id,
                                 blocker.title, blocked.title, t.Dependency.created_at)
             .join(blocker, on=(blocker.id == t.Dependency.blocker))
             .switch(t.Dependency)
             .join(blocked, on=(blocked.id == t.Dependency.blocked))
             .where(where & blocker.deleted_at.is_null() & blocked.deleted_at.is_null())
             .order_by(t.Dependency.created_at, t.Dependency.id))
    return tuple(rb.Dependency(blocker_id=a, blocked_id=b, blocker_title=ta, blocked_title=tb,
                               created_at=at)
                 for a, b, ta, tb, at in tuples(query))


def _entry_numbers(card_id: int) -> tuple[int, ...]:
    """The numbers of the card's current time entries (not voided, not replaced), newest
    first."""
    query = (t.TimeEntry.select(t.NUMBER)
             .where((t.TimeEntry.work_item == card_id) & t.TimeEntry.superseded_by.is_null()
                    & t.TimeEntry.voided_at.is_null())
             .order_by(t.TimeEntry.start_utc.desc(), t.NUMBER.desc()))
    return tuple(int(n) for (n,) in tuples(query))
