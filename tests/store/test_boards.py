"""Board setup: boards (create, rename, archive, link), columns (add, rename, move, WIP limit, done,
remove) and swim lanes (add, rename, move, remove) — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from fcc.store import records_boards as rb
from fcc.store.errors import InvalidInput, UnknownId, UnknownName
from tests.store.board_helpers import board_state, count, last_batch


def names(board: rb.Board) -> list[str]:
    return [c.name for c in board.columns]


def test_create_board(store, target):
    board = store.create_board("Client work")
    assert names(board) == list(rb.DEFAULT_COLUMNS)
    assert [c.is_done for c in board.columns] == [False] * 4 + [True]
    assert [c.position for c in board.columns] == [0, 1, 2, 3, 4]
    rows = last_batch(target)
    assert [(e, a) for e, _, a, _, _ in rows] == [("board", "create")] + [
        ("board_column", "create")] * 5
    assert rows[0][4]["name"] == "Client work" and rows[1][4]["name"] == "Backlog"
    custom = store.create_board("Small", columns=["Todo", "Done!"])
    assert names(custom) == ["Todo", "Done!"] and custom.columns[1].is_done
    assert store.board("small").id == custom.id == store.board(custom.id).id


@pytest.mark.parametrize(("args", "kwargs", "field"), [
    (("",), {}, "name"),
    (("a\x1bb",), {}, "name"),
    (("CLIENT WORK",), {}, "name"),  # taken, ignoring case
    (("New",), {"columns": []}, "columns"),
    (("New",), {"columns": ["A", "a"]}, "columns"),
    (("New",), {"columns": ["A", ""]}, "columns"),
])
def test_bad_boards(store, target, args, kwargs, field):
    store.create_board("Client work")
    before = board_state(target)
    with pytest.raises(InvalidInput) as err:
        store.create_board(*args, **kwargs)
    assert err.value.field == field
    assert board_state(target) == before


def test_unknown_boards(store):
    store.create_board("Client work")
    with pytest.raises(UnknownName) as err:
        store.board("Clent work")
    assert str(err.value) == "board: no board named 'Clent work'; did you mean Client work?"
    with pytest.raises(UnknownId, match="board: no board with id 9"):
        store.board(9)


def test_rename_archive_and_link(store, target):
    store.create_project({"name": "Website"})
    store.create_board("Old")
    store.create_board("Other")
    renamed = store.rename_board("old", "New")
    assert renamed.name == "New"
    [(e, eid, a, before, after)] = last_batch(target)
    assert (e, a, before["name"], after["name"]) == ("board", "update", "Old", "New")
    with pytest.raises(InvalidInput, match="name: expected a name no other board has"):
        store.rename_board("New", "other")
    assert store.link_board("New", "Website").project == "Website"
    assert store.add_card({"title": "x", "board": "New"}).project == "Website"
    assert store.link_board("New", None).project is None
    assert store.archive_board("New").archived
    assert [b.name for b in store.boards()] == ["Other"]
    assert not store.archive_board("New", archived=False).archived


def test_add_columns(store, target):
    store.create_board("B")
    col = store.add_column("B", "QA", wip_limit=2)
    assert (col.name, col.position, col.wip_limit, col.is_done) == ("QA", 4, 2, False)
    assert names(store.board("B")) == ["Backlog", "To do", "Doing", "Review", "QA", "Done"]
    assert [c.position for c in store.board("B").columns] == [0, 1, 2, 3, 4, 5]
    store.add_column("B", "Ideas", position=0)
    store.add_column("B", "Shipped", position=99, done=True)
    assert names(store.board("B")) == ["Ideas", "Backlog", "To do", "Doing", "Review", "QA",
                                       "Done", "Shipped"]
    with pytest.raises(InvalidInput, match="name: expected a column name board B does not"):
        store.add_column("B", "qa")
    with pytest.raises(InvalidInput, match="limit: expected a WIP limit"):
        store.add_column("B", "Z", wip_limit=0)
    assert len(store.board("B").columns) == 8


def test_rename_move_limit_and_done(store, target):
    store.create_board("B")
    card = store.add_card({"title": "x", "column": "Review"})
    assert store.rename_column("B", "review", "Check").name == "Check"
    assert store.card(card.id).column == "Check"
    moved = store.move_column("B", "Check", 0)
    assert moved.position == 0
    assert names(store.board("B")) == ["Check", "Backlog", "To do", "Doing", "Done"]
    assert store.move_column("B", "1", 2).name == "Check"  # by number: the first column
    assert names(store.board("B")) == ["Backlog", "To do", "Check", "Doing", "Done"]
    assert store.set_wip_limit("B", "Doing", 3).wip_limit == 3
    assert store.set_wip_limit("B", "Doing", None).wip_limit is None
    with pytest.raises(InvalidInput, match="limit: expected"):
        store.set_wip_limit("B", "Doing", -1)
    done = store.set_done_column("B", "Check")
    assert done.is_done and store.card(card.id).done_at == store.clock.now()
    assert not store.set_done_column("B", "Check", False).is_done
    assert store.card(card.id).done_at is None


def test_remove_columns(store, target):
    store.create_board("B", columns=["Todo", "Doing", "Done"])
    a = store.add_card({"title": "a", "column": "Doing"})
    b = store.add_card({"title": "b", "column": "Doing"})
    store.add_card({"title": "c", "column": "Done"})
    before = board_state(target)
    with pytest.raises(InvalidInput) as err:
        store.remove_column("B", "Doing")
    assert str(err.value) == ("column: expected an empty column (Doing has 2 cards: move them "
                              "or give a column to move them to), got 'Doing'")
    with pytest.raises(InvalidInput, match="move_to: expected another column"):
        store.remove_column("B", "Doing", move_to="doing")
    store.delete_card(a.id)
    store.archive_card(b.id)
    with pytest.raises(InvalidInput) as err:  # not on the board, yet they must go somewhere
        store.remove_column("B", "Doing")
    assert str(err.value) == ("column: expected an empty column (Doing has 2 cards, 2 of them "
                              "archived or deleted: move them or give a column to move them "
                              "to), got 'Doing'")
    store.restore_card(a.id)
    store.archive_card(b.id, archived=False)
    with pytest.raises(UnknownName, match="move_to: no column named 'Nope'"):
        store.remove_column("B", "Doing", move_to="Nope")
    assert board_state(target) == before
    board = store.remove_column("B", "Doing", move_to="Done")
    assert names(board) == ["Todo", "Done"] and [c.position for c in board.columns] == [0, 1]
    moved = [store.card(a.id), store.card(b.id)]
    assert [(c.column, c.done) for c in moved] == [("Done", True), ("Done", True)]
    assert [c.title for c in store.cards(column="Done")] == ["c", "a", "b"]
    store.remove_column("B", "Todo")
    with pytest.raises(InvalidInput, match="column: expected a column that is not the board's"):
        store.remove_column("B", "Done", move_to="Done")
    assert count(target, "board_column") == 1


def test_lanes(store, target):
    store.create_board("B")
    assert store.add_lane("B", "Urgent").position == 0
    store.add_lane("B", "Later")
    assert store.add_lane("B", "First", position=0).position == 0
    assert [x.name for x in store.board("B").lanes] == ["First", "Urgent", "Later"]
    with pytest.raises(InvalidInput, match="name: expected a lane name board B does not"):
        store.add_lane("B", "urgent")
    assert store.rename_lane("B", "later", "Someday").name == "Someday"
    assert store.move_lane("B", "Someday", 0).position == 0
    assert [x.name for x in store.board("B").lanes] == ["Someday", "First", "Urgent"]
    card = store.add_card({"title": "x", "lane": "Urgent"})
    other = store.add_card({"title": "y"})
    board = store.remove_lane("B", "urgent")
    assert [x.name for x in board.lanes] == ["Someday", "First"]
    assert [x.position for x in board.lanes] == [0, 1]
    moved = store.card(card.id)
    assert moved.lane is None and moved.position > other.position  # below the ones there
    with pytest.raises(UnknownName, match="lane: no lane named 'Urgent' on board B"):
        store.rename_lane("B", "Urgent", "Z")


def test_marking_a_done_column_done_again_keeps_its_cards_done_times(store, clock):
    import datetime as dt

    store.create_board("B")
    card = store.add_card({"title": "x", "column": "Done"})
    clock.advance(dt.timedelta(hours=1))
    store.set_done_column("B", "Done")
    assert store.card(card.id).done_at == card.done_at
