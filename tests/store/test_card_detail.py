"""A card in full, on both backends: children and progress, dependencies both ways (done ones
too), comments, its time entries' numbers, and its history from the activity log (the card's own
rows, its comments' and its dependencies', oldest first, with before and after)."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput, UnknownId

H = dt.timedelta(hours=1)


@pytest.fixture
def epic(store, clock):
    """Epic "Login" (estimate 1 day) with a story (and its task) and a bug; the bug blocks it,
    a done card blocked it, it blocks "Deploy"; two hours tracked on it, one on the task."""
    store.create_project({"name": "Website"})
    store.create_board("Web", project="Website")
    epic = store.add_card({"title": "Login", "type": "epic", "estimate": "1d"})
    story = store.add_card({"title": "Form", "type": "story", "parent": epic.id})
    task = store.add_card({"title": "Validate", "type": "task", "parent": story.id})
    bug = store.add_card({"title": "Double post", "type": "bug", "parent": epic.id})
    old = store.add_card({"title": "Old session code"})
    deploy = store.add_card({"title": "Deploy"})
    store.block(epic.id, by=bug.id)
    store.block(epic.id, by=old.id)
    store.block(deploy.id, by=epic.id)
    store.done_card(old.id)
    start = clock.now() - 6 * H
    store.add_entry("Website", start, start + H, card=epic.id)
    store.add_entry("Website", start + 2 * H, start + 3 * H, card=epic.id)
    store.add_entry("Website", start + 4 * H, start + 5 * H, card=task.id)
    store.done_card(bug.id)
    return epic.id


def test_card_detail_shows_children_dependencies_comments_and_entries(store, epic, clock):
    store.add_comment(epic, "scope agreed with Ana")
    gone = store.add_comment(epic, "typo")
    store.delete_comment(gone.id)
    detail = store.card_detail(epic)
    assert detail.card.id == epic and detail.card.title == "Login"
    assert [c.title for c in detail.children] == ["Form", "Double post"]
    assert (detail.card.children_done, detail.card.children_total) == (1, 2)
    assert detail.card.tracked_seconds == 2 * 3600
    assert detail.card.subtree_seconds == 3 * 3600  # its own and its task's (a grandchild)
    assert [(d.blocker_title, d.blocked_title) for d in detail.blockers] == [
        ("Double post", "Login"), ("Old session code", "Login")]  # done blockers too
    assert [(d.blocker_id, d.blocked_title) for d in detail.blocking] == [(epic, "Deploy")]
    assert [c.body for c in detail.comments] == ["scope agreed with Ana"]
    numbers = [e.no for e in store.entries() if e.work_item_id == epic]
    assert list(detail.entry_ids) == sorted(numbers, reverse=True) and len(numbers) == 2


def test_card_history_has_before_and_after_of_an_edited_comment(store, epic, clock):
    clock.advance(minutes=1)
    c = store.add_comment(epic, "estimate is 2h")
    clock.advance(minutes=1)
    store.edit_comment(c.id, "estimate is 3h")
    clock.advance(minutes=1)
    store.edit_card(epic, {"title": "Login and logout"})
    history = store.card_history(epic)
    assert history == store.card_detail(epic).history
    assert [(h.entity, h.action) for h in history] == [
        ("work_item", "create"),
        ("dependency", "create"), ("dependency", "create"), ("dependency", "create"),
        ("comment", "create"), ("comment", "update"), ("work_item", "update")]
    assert [h.at for h in history] == sorted(h.at for h in history)
    assert history[0].before is None and history[0].after["title"] == "Login"
    edit = history[5]
    assert edit.before["body"] == "estimate is 2h" and edit.after["body"] == "estimate is 3h"
    assert edit.actor == "me" and edit.at == clock.now() - dt.timedelta(minutes=1)
    last = history[-1]
    assert (last.before["title"], last.after["title"]) == ("Login", "Login and logout")
    assert {h.after["blocker_id"] for h in history if h.entity == "dependency"} >= {epic}


def test_history_keeps_to_the_card_and_shows_an_undone_comment(store, epic):
    # card ids that share digits (#1 and #11): the history of one never shows the other's
    assert epic == 1  # the first card of a fresh database
    eleven = 0
    while eleven < 11:
        eleven = store.add_card({"title": "filler"}).id
    store.add_comment(eleven, "not the epic's")
    store.block(eleven, by=2)
    store.add_comment(epic, "wrong card")
    store.undo()
    history = store.card_history(epic)
    assert [(h.entity, h.action) for h in history if h.entity == "comment"] == [
        ("comment", "create"), ("comment", "delete")]
    assert all("not the epic's" not in str(h.after) for h in history)
    assert sum(h.entity == "dependency" for h in history) == 3


def test_detail_of_a_deleted_card_and_unknown_cards(store, epic):
    store.delete_card(epic)
    detail = store.card_detail(epic)
    assert detail.card.deleted_at is not None
    assert detail.history[-1].action == "update" and detail.history[-1].after["deleted_at"]
    with pytest.raises(UnknownId, match="card: no card #999"):
        store.card_detail(999)
    with pytest.raises(UnknownId, match="card: no card #999"):
        store.card_history(999)
    with pytest.raises(InvalidInput, match="card: expected a card id"):
        store.card_detail("twelve")


def test_a_deleted_child_and_a_deleted_blocker_leave_the_detail(store, epic):
    children = store.card_detail(epic).children
    store.delete_card(children[0].id)
    bug = children[1].id
    store.delete_card(bug)
    detail = store.card_detail(epic)
    assert detail.children == ()
    assert [d.blocker_title for d in detail.blockers] == ["Old session code"]
