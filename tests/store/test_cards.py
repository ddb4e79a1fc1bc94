"""Cards: add and edit (every field, bad input for each), the parent rule, and what a read derives
(blockers, tracked time, running timer, children's progress) — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, NotFound, UnknownId, UnknownName
from tests.store.board_helpers import board_state, count, last_batch
from tests.store.helpers import q


@pytest.fixture
def board(store):
    store.create_client({"name": "Acme"})
    store.create_project({"name": "Website", "client": "Acme", "hourly_rate": "90"})
    store.create_board("Client work", project="Acme/Website")
    store.add_lane("Client work", "Urgent")
    return store


def test_add_card_with_every_field(board, target):
    epic = board.add_card({"title": "Relaunch", "type": "epic"})
    card = board.add_card({
        "title": "  Fix   login ", "type": "bug", "parent": epic.id, "column": "Doing",
        "lane": "urgent", "priority": 0, "estimate": "1.5h", "due": "2026-12-10",
        "tags": ["web", "Web", "auth"], "rate": "120.50", "description": "**now**"})
    assert (card.title, card.type, card.parent_id, card.column, card.lane) == (
        "Fix login", "bug", epic.id, "Doing", "Urgent")
    assert (card.priority, card.estimate_minutes, card.due) == (0, 90, dt.date(2026, 12, 10))
    assert card.tags == ("web", "auth")  # in the order given, duplicates (ignoring case) dropped
    assert card.hourly_rate == Decimal("120.50") and card.description == "**now**"
    assert card.project == "Acme/Website"  # the board's project
    assert card.board == "Client work" and card.done_at is None
    [(entity, eid, action, before, after)] = last_batch(target)
    assert (entity, eid, action, before) == ("work_item", str(card.id), "create", None)
    assert after["title"] == "Fix login" and after["tags"] == '["web", "auth"]'
    assert after["due_date"] == "2026-12-10" and after["hourly_rate"] == "120.50"


def test_cards_are_appended_at_the_bottom_of_their_column_and_lane(board):
    a = board.add_card({"title": "A"})
    b = board.add_card({"title": "B"})
    c = board.add_card({"title": "C", "lane": "Urgent"})
    assert c.lane == "Urgent"
    assert (a.column, a.lane) == ("Backlog", None)
    assert b.position > a.position
    assert [x.title for x in board.cards()] == ["C", "A", "B"]  # a lane first, no lane last


@pytest.mark.parametrize(("estimate", "minutes"), [
    (45, 45), ("90", 90), ("90m", 90), ("1.5h", 90), ("2h30m", 150), ("1d", 480),
    ("1d 2h", 600), ("0", 0), ("0m", 0), ("0h", 0), ("0.0h", 0), ("0d", 0), ("1d 0h", 480)])
def test_estimates(board, estimate, minutes):
    assert board.add_card({"title": "x", "estimate": estimate}).estimate_minutes == minutes


def test_due_is_read_as_the_time_commands_read_dates(board):
    # the clock is Monday 2026-11-23 10:30 UTC
    assert board.add_card({"title": "x", "due": "tomorrow"}).due == dt.date(2026, 11, 24)
    assert board.add_card({"title": "y", "due": dt.date(2027, 1, 5)}).due == dt.date(2027, 1, 5)


@pytest.mark.parametrize(("data", "field"), [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": "a\x07b"}, "title"),
    ({"title": "x" * 501}, "title"),
    ({}, "title"),
    ({"title": "x", "priority": 5}, "priority"),
    ({"title": "x", "priority": "high"}, "priority"),
    ({"title": "x", "estimate": "abc"}, "estimate"),
    ({"title": "x", "estimate": -5}, "estimate"),
    ({"title": "x", "due": "someday"}, "due"),
    ({"title": "x", "tags": ["two words"]}, "tags"),
    ({"title": "x", "tags": ["a,b"]}, "tags"),
    ({"title": "x", "rate": "-1"}, "rate"),
    ({"title": "x", "rate": "lots"}, "rate"),
    ({"title": "x", "type": "chore"}, "type"),
    ({"title": "x", "parent": "abc"}, "parent"),
    ({"title": "x", "colour": "red"}, "colour"),
    ({"title": "x", "description": "a\x00b"}, "description"),
])
def test_bad_input_names_the_field_and_writes_nothing(board, target, data, field):
    before = board_state(target)
    with pytest.raises(InvalidInput) as err:
        board.add_card(data)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: expected")
    assert board_state(target) == before


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "x", "board": "Clint work"}, "board: no board named 'Clint work'; did you mean "
                                            "Client work?"),
    ({"title": "x", "column": "Doign"}, "column: no column named 'Doign' on board Client work; "
                                        "did you mean Doing, Done?"),
    ({"title": "x", "lane": "Later"}, "lane: no lane named 'Later' on board Client work"),
    ({"title": "x", "parent": 999}, "parent: no card #999"),
    ({"title": "x", "project": "Nope"}, "project: no project named 'Nope'"),
    ({"title": "x", "sprint": "S9"}, "sprint: no sprint named 'S9' on board Client work"),
])
def test_unknown_references_are_named(board, target, data, message):
    before = board_state(target)
    with pytest.raises(NotFound) as err:
        board.add_card(data)
    assert str(err.value) == message
    assert err.value.exit_code == 2
    assert board_state(target) == before


def test_columns_and_lanes_by_number(board):
    card = board.add_card({"title": "x", "column": "3", "lane": "1"})
    assert (card.column, card.lane) == ("Doing", "Urgent")


def test_the_default_board(store, target):
    assert store.cards() == []  # no board yet: reads find nothing, write nothing
    with pytest.raises(NotFound):
        store.board()
    assert count(target, "board") == 0
    card = store.add_card({"title": "First"})  # a write makes the Inbox
    assert card.board == "Inbox" and card.column == "Backlog"
    assert [c.name for c in store.board().columns] == ["Backlog", "To do", "Doing", "Review",
                                                       "Done"]
    store.create_board("Second")
    with pytest.raises(InvalidInput) as err:
        store.add_card({"title": "Where?"})
    assert str(err.value) == "board: expected one of Inbox, Second (give --board)"
    store.archive_board("Inbox")
    assert store.add_card({"title": "Here"}).board == "Second"


def test_edit_card_changes_and_clears(board, target):
    epic = board.add_card({"title": "Epic", "type": "epic"})
    card = board.add_card({"title": "Story", "type": "story", "estimate": "2h", "due": "fri",
                           "rate": 80, "parent": epic.id, "tags": ["a"]})
    edited = board.edit_card(card.id, {"title": "Story 2", "priority": 1, "tags": ["b", "c"],
                                       "estimate": None, "due": None, "rate": None,
                                       "parent": None, "project": None, "lane": "Urgent"})
    assert (edited.title, edited.priority, edited.tags) == ("Story 2", 1, ("b", "c"))
    assert (edited.estimate_minutes, edited.due, edited.hourly_rate) == (None, None, None)
    assert (edited.parent_id, edited.project, edited.lane) == (None, None, "Urgent")
    [(entity, eid, action, before, after)] = last_batch(target)
    assert (entity, eid, action) == ("work_item", str(card.id), "update")
    assert before["title"] == "Story" and after["title"] == "Story 2"
    assert before["estimate_minutes"] == 120 and after["estimate_minutes"] is None
    with pytest.raises(InvalidInput) as err:
        board.edit_card(card.id, {"title": None})
    assert err.value.field == "title"
    with pytest.raises(InvalidInput) as err:
        board.edit_card(card.id, {"column": "Done"})  # moving is move_card's
    assert err.value.field == "column"
    with pytest.raises(UnknownId, match=r"card: no card #404"):
        board.edit_card(404, {"title": "x"})


def test_the_parent_rule(board):
    epic = board.add_card({"title": "Epic", "type": "epic"})
    story = board.add_card({"title": "Story", "type": "story", "parent": epic.id})
    task = board.add_card({"title": "Task", "parent": story.id})
    bug = board.add_card({"title": "Bug", "type": "bug", "parent": epic.id})
    with pytest.raises(InvalidInput, match=r"parent: expected an epic as the parent of a story "
                                           r"\(#\d+ is a task\)"):
        board.add_card({"title": "S", "type": "story", "parent": task.id})
    with pytest.raises(InvalidInput, match="an epic has no parent"):
        board.add_card({"title": "E", "type": "epic", "parent": epic.id})
    with pytest.raises(InvalidInput, match="parent: expected"):
        board.set_parent(task.id, bug.id)  # a bug is no parent
    other = board.create_board("Other")
    far = board.add_card({"title": "Far epic", "type": "epic", "board": other.name})
    with pytest.raises(InvalidInput, match=r"parent: expected a card on board Client work"):
        board.set_parent(story.id, far.id)
    # a type change that would break the rule for its children, or make a loop
    with pytest.raises(InvalidInput, match=r"type: expected a type that may be the parent"):
        board.edit_card(story.id, {"type": "task"})
    with pytest.raises(InvalidInput, match=r"type: expected a type that may be the parent"):
        board.edit_card(epic.id, {"type": "story"})  # it holds a story
    assert board.card(epic.id).type == "epic"
    assert board.edit_card(task.id, {"type": "bug"}).type == "bug"
    # a new type its parent may not have: the type is named, not the parent it kept
    with pytest.raises(InvalidInput) as err:
        board.edit_card(story.id, {"type": "epic"})
    assert str(err.value) == (f"type: expected a type that may have #{epic.id} (an epic) as "
                              "its parent, got 'epic'")
    with pytest.raises(InvalidInput) as err:
        board.add_card({"title": "E", "type": "epic", "parent": story.id,
                        "board": "Client work"})
    assert str(err.value) == ("parent: expected no card (an epic has no parent) as the parent "
                              f"of an epic (#{story.id} is a story)")


def test_a_card_cannot_be_its_own_parent(board):
    story = board.add_card({"title": "S", "type": "story"})
    with pytest.raises(InvalidInput, match="parent: expected"):
        board.set_parent(story.id, story.id)
    assert board.card(story.id).parent_id is None


def test_derived_fields(board, clock):
    epic = board.add_card({"title": "Epic", "type": "epic", "estimate": "1d"})
    one = board.add_card({"title": "One", "parent": epic.id})
    two = board.add_card({"title": "Two", "parent": epic.id})
    board.add_card({"title": "Gone", "parent": epic.id})
    board.delete_card(board.cards(text="gone")[0].id)
    start = clock.now() - dt.timedelta(hours=3)
    board.add_entry(None, start, start + dt.timedelta(hours=1), card=one.id)
    board.add_entry(None, start + dt.timedelta(hours=1), start + dt.timedelta(minutes=90),
                    card=epic.id)
    board.start_timer(card=two.id)
    clock.advance(dt.timedelta(minutes=10))
    board.done_card(one.id)
    board.block(two.id, by=epic.id)
    cards = {c.title: c for c in board.cards()}
    assert cards["One"].tracked_seconds == 3600 and cards["One"].done
    assert cards["Two"].running and cards["Two"].tracked_seconds == 600
    assert cards["Two"].blocked_by == (epic.id,) and cards["Epic"].blocks == (two.id,)
    e = cards["Epic"]
    assert (e.children_done, e.children_total) == (1, 2)  # the deleted child does not count
    assert e.tracked_seconds == 1800 and e.subtree_seconds == 1800 + 3600 + 600
    assert board.card(epic.id) == e  # one card reads what the board read shows
    _, drawn = board.board_cards("Client work")
    assert {c.id: c for c in drawn}[epic.id] == e


def test_card_list_filters(board):
    a = board.add_card({"title": "Alpha login", "tags": ["web"], "lane": "Urgent"})
    b = board.add_card({"title": "Beta", "description": "the LOGIN page", "column": "Doing"})
    c = board.add_card({"title": "Gamma", "tags": ["Web", "x"]})
    board.block(c.id, by=b.id)
    archived = board.add_card({"title": "Old"})
    board.archive_card(archived.id)
    ids = lambda cards: [x.id for x in cards]  # noqa: E731
    assert ids(board.cards()) == [a.id, c.id, b.id]
    assert ids(board.cards(column="Doing")) == [b.id]
    assert ids(board.cards(lane="Urgent")) == [a.id]
    assert ids(board.cards(tag="WEB")) == [a.id, c.id]
    assert ids(board.cards(blocked=True)) == [c.id]
    assert ids(board.cards(text="login")) == [a.id, b.id]
    assert archived.id in ids(board.cards(include_archived=True))
    other = board.create_board("Other")
    d = board.add_card({"title": "Elsewhere", "board": other.name})
    assert ids(board.cards(board="*")) == [a.id, c.id, b.id, d.id]
    with pytest.raises(UnknownName):
        board.cards(board="Client work", column="Nope")


def test_boards_list_with_counts(board):
    board.add_card({"title": "A", "lane": "Urgent"})
    board.add_card({"title": "B", "column": "Doing"})
    gone = board.add_card({"title": "C"})
    board.delete_card(gone.id)
    [b] = board.boards()
    assert (b.name, b.project, b.cards) == ("Client work", "Acme/Website", 2)
    assert [(c.name, c.cards) for c in b.columns][:3] == [("Backlog", 1), ("To do", 0),
                                                         ("Doing", 1)]
    assert [(x.name, x.cards) for x in b.lanes] == [("Urgent", 1)]
    assert b.columns[-1].is_done
    board.archive_board("Client work")
    assert board.boards() == []
    assert [x.name for x in board.boards(include_archived=True)] == ["Client work"]


def test_cards_join_a_sprint_by_name_within_their_board(board, target):
    # (sprints are planned by plan_sprint; a row written as any program would do is enough here)
    [(board_id,)] = q(target, "SELECT id FROM board WHERE name = 'Client work'")
    q(target, "INSERT INTO sprint (uuid, board_id, name, goal, start_date, end_date, status) "
      "VALUES (?, ?, 'Sprint 1', '', '2026-11-23', '2026-12-04', 'active')",
      ("0" * 32, board_id))
    card = board.add_card({"title": "In it", "sprint": "sprint 1"})
    other = board.add_card({"title": "Not in it"})
    assert card.sprint == "Sprint 1" and other.sprint is None
    assert [c.id for c in board.cards(sprint="Sprint 1")] == [card.id]
    assert board.boards()[0].active_sprint == "Sprint 1"
    assert board.edit_card(card.id, {"sprint": None}).sprint is None
    assert board.edit_card(other.id, {"sprint": "Sprint 1"}).sprint == "Sprint 1"
    board.undo()
    assert board.card(other.id).sprint is None


def test_a_parents_time_counts_every_level_below_it(board, clock):
    epic = board.add_card({"title": "Epic", "type": "epic"})
    story = board.add_card({"title": "Story", "type": "story", "parent": epic.id})
    task = board.add_card({"title": "Task", "parent": story.id})
    start = clock.now() - dt.timedelta(hours=5)
    for i, card in enumerate((epic, story, task)):
        board.add_entry(None, start + dt.timedelta(hours=i), start + dt.timedelta(hours=i + 1),
                        card=card.id)
    e, s, t = (board.card(c.id) for c in (epic, story, task))
    assert (e.subtree_seconds, s.subtree_seconds, t.subtree_seconds) == (10800, 7200, 3600)
    assert (e.children_total, s.children_total, t.children_total) == (1, 1, 0)
    assert {c.id: c.subtree_seconds for c in board.cards()} == {
        epic.id: 10800, story.id: 7200, task.id: 3600}


def test_a_weekday_due_date_is_the_coming_one_for_every_caller(board):
    """The store reads a plan's days ahead (the app's form and the command line alike): a
    weekday is the next one, today included; +3d counts from today."""
    from fcc.store.when import local_date

    today = local_date(board.clock.now(), board.prefs.zone)
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    for offset in range(7):
        day = today + dt.timedelta(days=offset)
        card = board.add_card({"title": f"Due {offset}", "due": names[day.weekday()]})
        assert card.due == day
    assert board.add_card({"title": "Soon", "due": "+3d"}).due == today + dt.timedelta(days=3)
    sprint = board.plan_sprint(None, "S9", start="mon", end="+2w")
    assert sprint.start >= today and sprint.end == today + dt.timedelta(days=14)
