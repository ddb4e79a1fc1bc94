"""Moving cards: columns, lanes, positions, the WIP limit and open blockers, done, archive, soft
delete and restore — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput, NeedsForce, OpenBlockers, UnknownId, WipLimitReached
from tests.store.board_helpers import board_state, last_batch


@pytest.fixture
def board(store):
    store.create_project({"name": "Website"})
    store.create_board("Work", project="Website")
    store.add_lane("Work", "Urgent")
    return store


def titles(store, column: str, lane: str | None = None) -> list[str]:
    return [c.title for c in store.cards(board="Work", column=column)
            if lane is None or c.lane == lane]


def test_move_to_a_column_lane_and_position(board, target):
    a, b, c = (board.add_card({"title": t, "column": "To do"}) for t in "ABC")
    x = board.add_card({"title": "X"})
    moved = board.move_card(x.id, column="To do", position=1)
    assert (moved.column, moved.lane) == ("To do", None)
    assert titles(board, "To do") == ["A", "X", "B", "C"]
    [(entity, eid, action, before, after)] = [r for r in last_batch(target) if r[1] == str(x.id)]
    assert (entity, action, before["column_id"], after["column_id"]) == (
        "work_item", "update", x.column_id, moved.column_id)
    board.move_card(x.id, position=0)
    assert titles(board, "To do") == ["X", "A", "B", "C"]
    board.move_card(x.id, position=None)
    assert titles(board, "To do") == ["A", "B", "C", "X"]
    board.move_card(a.id, lane="Urgent")  # the same column, another lane
    assert [(t.title, t.lane) for t in board.cards(column="To do")][0] == ("A", "Urgent")
    board.move_card(a.id, lane=None, position=2)
    assert titles(board, "To do") == ["B", "C", "A", "X"]
    assert {b.id, c.id} <= {card.id for card in board.cards(column="2")}


def test_a_move_between_dense_positions_shifts_only_the_cards_below(board, target):
    cards = [board.add_card({"title": str(i), "column": "Doing"}) for i in range(5)]
    x = board.add_card({"title": "x"})
    board.move_card(x.id, column="Doing", position=2)
    assert titles(board, "Doing") == ["0", "1", "x", "2", "3", "4"]
    changed = {r[1] for r in last_batch(target)}
    assert changed == {str(x.id)} | {str(c.id) for c in cards[2:]}
    board.undo()
    assert titles(board, "Doing") == ["0", "1", "2", "3", "4"]
    y = board.add_card({"title": "y"})
    board.move_card(y.id, column="Doing", position=3)  # (the earlier shift left no room)
    assert titles(board, "Doing") == ["0", "1", "2", "y", "3", "4"]


def test_step_and_done(board):
    card = board.add_card({"title": "Card"})
    assert board.step_card(card.id, +1).column == "To do"
    assert board.step_card(card.id, +1).column == "Doing"
    assert board.step_card(card.id, -1).column == "To do"
    done = board.done_card(card.id)
    assert done.column == "Done" and done.done_at == board.clock.now()
    with pytest.raises(InvalidInput) as err:
        board.step_card(card.id, +1)
    assert str(err.value) == (f"column: expected a column to the right (#{card.id} is in Done, "
                              "the board's last)")
    back = board.step_card(card.id, -1)
    assert back.column == "Review" and back.done_at is None  # leaving done clears it
    first = board.add_card({"title": "First"})
    with pytest.raises(InvalidInput, match="a column to the left"):
        board.step_card(first.id, -1)


def test_reorder(board, target):
    for t in "ABCD":
        board.add_card({"title": t})
    ids = {c.title: c.id for c in board.cards()}
    board.reorder_card(ids["C"], -1)
    assert titles(board, "Backlog") == ["A", "C", "B", "D"]
    assert len(last_batch(target)) == 2  # the two cards swap their places
    board.reorder_card(ids["A"], +1)
    assert titles(board, "Backlog") == ["C", "A", "B", "D"]
    with pytest.raises(InvalidInput) as err:
        board.reorder_card(ids["C"], -1)
    assert str(err.value) == f"position: expected a card above (#{ids['C']} is at the top)"
    with pytest.raises(InvalidInput, match="a card below"):
        board.reorder_card(ids["D"], +1)
    before = board_state(target)
    board.reorder_card(ids["B"], -1)
    board.undo()
    assert board_state(target) == before


def test_the_wip_limit_refuses_unless_forced(board, target):
    board.set_wip_limit("Work", "Doing", 2)
    for t in "AB":
        board.add_card({"title": t, "column": "Doing"})
    card = board.add_card({"title": "C"})
    before = board_state(target)
    with pytest.raises(WipLimitReached) as err:
        board.move_card(card.id, column="Doing")
    assert str(err.value) == "column Doing is at its WIP limit of 2"
    assert isinstance(err.value, NeedsForce) and err.value.flag == "--force"
    assert board_state(target) == before  # nothing was written
    with pytest.raises(WipLimitReached):
        board.step_card(board.step_card(card.id, +1).id, +1)
    assert board.card(card.id).column == "To do"
    forced = board.move_card(card.id, column="Doing", force=True)
    assert forced.column == "Doing"
    doing = next(c for c in board.board_cards("Work")[0].columns if c.name == "Doing")
    assert (doing.cards, doing.wip_limit, doing.over_limit) == (3, 2, True)
    board.reorder_card(card.id, -1)  # moves within the column are never refused
    board.move_card(card.id, lane="Urgent")


def test_adding_into_a_full_column_is_refused_unless_forced(board, target):
    board.set_wip_limit("Work", "Doing", 1)
    board.add_card({"title": "A", "column": "Doing"})
    before = board_state(target)
    with pytest.raises(WipLimitReached) as err:
        board.add_card({"title": "B", "column": "Doing", "lane": "Urgent"})
    assert str(err.value) == "column Doing is at its WIP limit of 1"
    assert board_state(target) == before  # nothing was written
    board.set_wip_limit("Work", "Backlog", 1)
    board.add_card({"title": "C"})  # the first column, by default
    with pytest.raises(WipLimitReached):
        board.add_card({"title": "D"})
    forced = board.add_card({"title": "B", "column": "Doing"}, force=True)
    assert forced.column == "Doing"
    assert titles(board, "Doing") == ["A", "B"]


def test_open_blockers_refuse_a_move_to_done_unless_forced(board, target):
    login = board.add_card({"title": "Fix login"})
    other = board.add_card({"title": "Other"})
    card = board.add_card({"title": "Ship"})
    board.block(card.id, by=login.id)
    board.block(card.id, by=other.id)
    before = board_state(target)
    with pytest.raises(OpenBlockers) as err:
        board.done_card(card.id)
    assert str(err.value) == f"#{card.id} is blocked by #{login.id} Fix login, #{other.id} Other"
    assert board_state(target) == before
    board.done_card(login.id)
    with pytest.raises(OpenBlockers, match=rf"^#{card.id} is blocked by #{other.id} Other$"):
        board.move_card(card.id, column="Done")
    board.delete_card(other.id)  # a deleted blocker blocks nothing
    assert board.done_card(card.id).column == "Done"
    board.step_card(card.id, -1)
    board.restore_card(other.id)
    assert board.done_card(card.id, force=True).done


def test_archive(board, target):
    card = board.add_card({"title": "Old"})
    archived = board.archive_card(card.id)
    assert archived.archived and card.id not in [c.id for c in board.cards()]
    assert board.boards()[0].cards == 0
    assert card.id not in [c.id for c in board.board_cards()[1]]
    assert not board.archive_card(card.id, archived=False).archived
    [(_, _, _, before, after)] = last_batch(target)
    assert (before["archived"], after["archived"]) == (True, False)


def test_soft_delete_and_restore(board, target, clock):
    a = board.add_card({"title": "A"})
    card = board.add_card({"title": "B", "estimate": "1h"})
    board.add_card({"title": "C"})
    start = clock.now() - dt.timedelta(hours=2)
    board.add_entry(None, start, start + dt.timedelta(hours=1), card=card.id)
    span = (clock.now() - dt.timedelta(days=1), clock.now() + dt.timedelta(days=1))
    report = board.report(*span, by=("card",))
    deleted = board.delete_card(card.id)
    assert deleted.deleted_at == clock.now()
    assert [c.title for c in board.cards()] == ["A", "C"]
    assert board.boards()[0].columns[0].cards == 2
    assert board.report(*span, by=("card",)) == report  # its time still reports
    assert board.card(card.id).deleted_at is not None  # still found by id
    assert [c.title for c in board.cards(include_deleted=True)] == ["A", "B", "C"]
    with pytest.raises(UnknownId, match=rf"^card: no card #{card.id}$"):
        board.move_card(card.id, column="Doing")
    with pytest.raises(UnknownId):
        board.delete_card(card.id)
    restored = board.restore_card(card.id)
    assert restored.deleted_at is None and restored.position == card.position
    assert [c.title for c in board.cards()] == ["A", "B", "C"]  # at its place
    with pytest.raises(InvalidInput, match=rf"card: expected a deleted card \(#{card.id} is not"):
        board.restore_card(card.id)
    board.delete_card(a.id)
    board.undo()
    assert [c.title for c in board.cards()] == ["A", "B", "C"]


def test_a_timer_on_a_card_uses_its_project(board):
    card = board.add_card({"title": "Timed"})
    change = board.start_timer(card=card.id)
    assert change.entry.project == "Website" and change.entry.work_item_id == card.id
    assert board.card(card.id).running
