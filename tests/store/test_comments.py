"""Comments on cards, on both backends: add, edit (the old text stays in the activity log), soft
delete, list; bad input names the field; undo reverts each."""

from __future__ import annotations

import json

import pytest

from fcc.store.errors import InvalidInput, UnknownId
from tests.store import boardkit as kit
from tests.store.helpers import dump, q


@pytest.fixture
def card(store):
    board = kit.board(store, "Web")
    return kit.card(store, board, "Fix login")


def test_add_comment_keeps_the_text_author_and_time(store, card, clock, target):
    c = store.add_comment(card, "  first look: the [bold]form[/] posts twice\n\tsee log  ")
    assert (c.card_id, c.author, c.body) == (
        card, "me", "first look: the [bold]form[/] posts twice\n\tsee log")
    assert (c.created_at, c.updated_at, c.deleted_at) == (clock.now(), None, None)
    [(entity_id, action, before, after)] = q(
        target, "SELECT entity_id, action, before, after FROM activity WHERE entity = 'comment'")
    assert (entity_id, action, before) == (str(c.id), "create", None)
    assert json.loads(after)["work_item_id"] == card
    assert json.loads(after)["body"] == c.body
    [(message,)] = q(target, "SELECT after FROM activity WHERE entity = 'batch' "
                     "AND action = 'card comment'")
    assert json.loads(message)["message"] == f"comment on #{card} Fix login"


def test_comments_are_listed_oldest_first_without_deleted_ones(store, card, clock):
    first = store.add_comment(card, "one")
    clock.advance(minutes=5)
    second = store.add_comment(f"#{card}", "two")
    clock.advance(minutes=5)
    third = store.add_comment(str(card), "three")
    store.delete_comment(second.id)
    assert [c.body for c in store.comments(card)] == ["one", "three"]
    assert [c.id for c in store.comments(card)] == [first.id, third.id]
    assert store.comment(second.id).deleted_at == clock.now()


def test_edit_comment_sets_updated_at_and_logs_the_old_text(store, card, clock, target):
    c = store.add_comment(card, "estimate is 2h")
    clock.advance(hours=1)
    edited = store.edit_comment(c.id, "estimate is 3h")
    assert (edited.body, edited.updated_at, edited.created_at) == (
        "estimate is 3h", clock.now(), c.created_at)
    [(before, after)] = q(target, "SELECT before, after FROM activity WHERE entity = 'comment' "
                          "AND action = 'update'")
    assert json.loads(before)["body"] == "estimate is 2h"
    assert json.loads(after)["body"] == "estimate is 3h"


def test_bad_input_names_the_field_and_writes_nothing(store, card, target):
    c = store.add_comment(card, "ok")
    before = dump(target)
    for call, field, expected in [
        (lambda: store.add_comment(card, "   \n "), "body", "a non-empty comment"),
        (lambda: store.add_comment(card, "a\x00b"), "body", "without NUL"),
        (lambda: store.add_comment(card, "a\udcffb"), "body", "UTF-8 text (byte 0xFF is not)"),
        (lambda: store.add_comment(card, 12), "body", "a comment's text"),
        (lambda: store.add_comment(card, "x" * 100_001), "body", "at most 100000 characters"),
        (lambda: store.add_comment("twelve", "x"), "card", "a card id like 12 or #12"),
        (lambda: store.edit_comment(c.id, ""), "body", "a non-empty comment"),
        (lambda: store.edit_comment("x", "new"), "comment", "a comment id like 3"),
        (lambda: store.delete_comment(-1), "comment", "a comment id like 3"),
    ]:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.field == field and expected in str(err.value), str(err.value)
    with pytest.raises(UnknownId, match="card: no card #999"):
        store.add_comment(999, "hello")
    with pytest.raises(UnknownId, match="card: no card #999"):
        store.comments(999)
    with pytest.raises(UnknownId, match="comment: no comment 999"):
        store.edit_comment(999, "hello")
    assert dump(target) == before
    # control characters other than NUL are kept (shown visibly), as in notes
    assert store.add_comment(card, "bell\x07 and \u202e").body == "bell\x07 and \u202e"


def test_a_deleted_comment_cannot_be_edited_or_deleted_again(store, card):
    c = store.add_comment(card, "gone soon")
    store.delete_comment(c.id)
    with pytest.raises(UnknownId, match=f"comment: no comment {c.id}"):
        store.edit_comment(c.id, "back?")
    with pytest.raises(UnknownId, match=f"comment: no comment {c.id}"):
        store.delete_comment(c.id)


def test_a_deleted_card_takes_no_comments_but_keeps_its_own(store, card, clock):
    store.add_comment(card, "kept")
    store.delete_card(card)
    with pytest.raises(UnknownId, match=f"card: no card #{card}"):
        store.add_comment(card, "more")
    assert [c.body for c in store.comments(card)] == ["kept"]


def test_undo_reverts_each_comment_verb(store, card, clock, target):
    empty = dump(target)["rows"]["comment"]
    c = store.add_comment(card, "v1")
    clock.advance(minutes=1)
    store.edit_comment(c.id, "v2")
    clock.advance(minutes=1)
    store.delete_comment(c.id)
    assert store.comments(card) == []
    assert store.undo().message == f"undid: delete comment {c.id} on #{card}"
    assert [(x.body, x.deleted_at) for x in store.comments(card)] == [("v2", None)]
    assert store.undo().message == f"undid: edit comment {c.id} on #{card}"
    assert [(x.body, x.updated_at) for x in store.comments(card)] == [("v1", None)]
    assert store.undo().message == f"undid: comment on #{card} Fix login"
    assert store.comments(card) == []
    assert dump(target)["rows"]["comment"] == empty


def test_the_author_is_the_stores_actor(target, clock):
    from fcc.store.api import Store

    s = Store.open(target, clock, actor="ana")
    try:
        board = kit.board(s, "Web")
        card = kit.card(s, board, "Fix login")
        assert s.add_comment(card, "mine").author == "ana"
    finally:
        s.close()
