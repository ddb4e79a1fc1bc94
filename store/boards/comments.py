"""Comments on cards: add, edit (the earlier text stays in the activity log), soft delete.

A comment's body is text like a time entry's note: it keeps its control characters (they are
shown visibly) but never NUL or a lone surrogate (``names.check_note_text``). Its author is the
store's actor (``fcc`` run by whom, or the app's user).
"""

from __future__ import annotations

from typing import Any

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards.base import row_values
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.names import check_note_text

BODY_MAX = 100_000  # characters: a comment is a note, not a document


class CommentVerbs(CardReadVerbs):
    def add_comment(self, card: int, body: str) -> rb.Comment:
        text = _body(body)
        with self.change("card comment") as batch:
            item = self._card_row(card)  # not a deleted one: restore it first
            row = self._create_row("comment", t.Comment, work_item=item.id, author=self.actor,
                                   body=text, updated_at=None)
            batch.message = f"comment on #{item.id} {item.title}"
        return self.comment(row.id)

    def edit_comment(self, comment_id: int, body: str) -> rb.Comment:
        """A new text for a comment; the activity log keeps the old one (its history)."""
        text = _body(body)
        number = _id(comment_id, "comment", "a comment id like 3")
        with self.change("comment edit") as batch:
            row = _live_comment(number)
            self._card_row(row.work_item_id)
            self._set_row("comment", row, body=text)  # sets updated_at
            batch.message = f"edit comment {number} on #{row.work_item_id}"
        return self.comment(number)

    def delete_comment(self, comment_id: int) -> rb.Comment:
        """Soft delete: the comment leaves the card; ``undo`` brings it back."""
        number = _id(comment_id, "comment", "a comment id like 3")
        with self.change("comment delete") as batch:
            row = _live_comment(number)
            self._card_row(row.work_item_id)
            before = row_values(row)  # not _set_row: deleting is no edit (updated_at stays)
            t.Comment.update(deleted_at=self.clock.now()).where(t.Comment.id == row.id).execute()
            self._log("comment", row.id, "update", before,
                      row_values(t.Comment.get_by_id(row.id)))
            batch.message = f"delete comment {number} on #{row.work_item_id}"
        return self.comment(number)

    def comments(self, card: int) -> list[rb.Comment]:
        """A card's comments (a deleted card's too), oldest first, without deleted ones."""
        return card_comments(self._card_row(card, deleted=True).id)

    def comment(self, comment_id: int) -> rb.Comment:
        """One comment by id, a deleted one too."""
        number = _id(comment_id, "comment", "a comment id like 3")
        row = t.Comment.get_or_none(t.Comment.id == number)
        if row is None:
            raise UnknownId(f"comment: no comment {number}")
        return comment_record(row)


def card_comments(card_id: int) -> list[rb.Comment]:
    """A card's comments, oldest first, without deleted ones."""
    rows = (t.Comment.select()
            .where((t.Comment.work_item == card_id) & t.Comment.deleted_at.is_null())
            .order_by(t.Comment.created_at, t.Comment.id))
    return [comment_record(r) for r in rows]


def comment_record(row: t.Comment) -> rb.Comment:
    return rb.Comment(id=row.id, card_id=row.work_item_id, author=row.author, body=row.body,
                      created_at=row.created_at, updated_at=row.updated_at,
                      deleted_at=row.deleted_at)


def _body(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput("body", "a comment's text", value)
    text = check_note_text(value, "body", "comment").strip()
    if not text:
        raise InvalidInput("body", "a non-empty comment", value)
    if len(text) > BODY_MAX:
        raise InvalidInput("body", f"a comment of at most {BODY_MAX} characters",
                           f"{len(text)} characters")
    return text


def _id(value: Any, field: str, expected: str) -> int:
    from fcc.store.bounds import parse_id

    return parse_id(value, field, expected)


def _live_comment(comment_id: int) -> t.Comment:
    row = t.Comment.get_or_none((t.Comment.id == comment_id) & t.Comment.deleted_at.is_null())
    if row is None:
        raise UnknownId(f"comment: no comment {comment_id}")
    return row
