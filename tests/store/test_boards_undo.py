"""``undo`` after each board verb puts every board table back exactly as it was (rows created are
gone, rows deleted are back with their ids, rows changed have their old values) — on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from fcc.store.api import Store
from tests.store.board_helpers import board_state
from tests.store.helpers import q

Ids = dict[str, int]
VERBS: list[tuple[str, Callable[[Store, Ids], Any]]] = [
    ("create_board", lambda s, i: s.create_board("New", columns=["A", "B"])),
    ("rename_board", lambda s, i: s.rename_board("B", "Renamed")),
    ("archive_board", lambda s, i: s.archive_board("B")),
    ("link_board", lambda s, i: s.link_board("B", None)),
    ("add_column", lambda s, i: s.add_column("B", "QA", position=1)),
    ("rename_column", lambda s, i: s.rename_column("B", "Doing", "WIP")),
    ("move_column", lambda s, i: s.move_column("B", "Review", 0)),
    ("set_wip_limit", lambda s, i: s.set_wip_limit("B", "Doing", 4)),
    ("set_done_column", lambda s, i: s.set_done_column("B", "Doing")),
    ("unset_done_column", lambda s, i: s.set_done_column("B", "Done", False)),
    ("remove_column", lambda s, i: s.remove_column("B", "To do")),
    ("remove_column_moving", lambda s, i: s.remove_column("B", "Doing", move_to="Done")),
    ("add_lane", lambda s, i: s.add_lane("B", "Top", position=0)),
    ("rename_lane", lambda s, i: s.rename_lane("B", "Urgent", "Now")),
    ("move_lane", lambda s, i: s.move_lane("B", "Later", 0)),
    ("remove_lane", lambda s, i: s.remove_lane("B", "Urgent")),
    ("add_card", lambda s, i: s.add_card({"title": "New", "tags": ["x"], "due": "2026-12-01"})),
    ("add_card_inbox", lambda s, i: (s.archive_board("B"), s.add_card({"title": "Inbox"}))),
    ("edit_card", lambda s, i: s.edit_card(i["b"], {"title": "B2", "estimate": None,
                                                    "due": "2027-01-02", "rate": "99.90",
                                                    "tags": ["z"], "lane": None})),
    ("set_parent", lambda s, i: s.set_parent(i["a"], i["epic"])),
    ("move_card", lambda s, i: s.move_card(i["a"], column="Doing", lane="Urgent",
                                           position=0)),
    ("move_card_between", lambda s, i: s.move_card(i["a"], column="Doing", lane="Urgent",
                                                   position=1)),  # shifts C down
    ("step_card", lambda s, i: s.step_card(i["a"], +1)),
    ("reorder_card", lambda s, i: s.reorder_card(i["c"], -1)),
    ("done_card", lambda s, i: s.done_card(i["a"])),
    ("done_card_forced", lambda s, i: s.done_card(i["b"], force=True)),
    ("undone_card", lambda s, i: s.move_card(i["d"], column="Backlog")),
    ("archive_card", lambda s, i: s.archive_card(i["a"])),
    ("delete_card", lambda s, i: s.delete_card(i["a"])),
    ("restore_card", lambda s, i: s.restore_card(i["gone"])),
    ("block", lambda s, i: s.block(i["c"], by=i["a"])),
    ("unblock", lambda s, i: s.unblock(i["b"], by=i["a"])),
]


@pytest.fixture
def setup(store, clock) -> tuple[Store, Ids]:
    store.create_project({"name": "Website", "hourly_rate": "80"})
    store.create_board("B", project="Website")
    store.add_lane("B", "Urgent")
    store.add_lane("B", "Later")
    ids = {
        "epic": store.add_card({"title": "Epic", "type": "epic", "estimate": "1d"}).id,
        "a": store.add_card({"title": "A", "tags": ["web"]}).id,
        "b": store.add_card({"title": "B", "column": "Doing", "lane": "Urgent",
                             "estimate": "2h", "rate": "120"}).id,
        "c": store.add_card({"title": "C", "column": "Doing", "lane": "Urgent"}).id,
        "d": store.add_card({"title": "D", "column": "Done"}).id,
        "gone": store.add_card({"title": "Gone"}).id,
    }
    store.block(ids["b"], by=ids["a"])
    store.delete_card(ids["gone"])
    clock.advance(dt.timedelta(minutes=5))  # changes get a later updated_at than the setup's
    return store, ids


@pytest.mark.parametrize("verb", [v for _, v in VERBS], ids=[n for n, _ in VERBS])
def test_undo_restores_the_exact_previous_state(setup, target, verb):
    store, ids = setup
    before = board_state(target)
    verb(store, ids)
    assert board_state(target) != before
    change = store.undo()
    if board_state(target) != before:  # a verb of two changes (add_card_inbox): undo both
        change = store.undo()
    assert change.message.startswith("undid: ")
    assert board_state(target) == before


def test_undo_of_a_card_that_time_was_tracked_on_takes_it_off_the_board(setup, target, clock):
    store, ids = setup
    card = store.add_card({"title": "Tracked"})
    store.start_timer(card=card.id)
    clock.advance(dt.timedelta(minutes=20))
    store.stop_timer()
    for _ in range(3):  # the stop, the start, the card
        store.undo()
    assert store.card(card.id).deleted_at is not None  # its (voided) entries still name it
    assert card.id not in [c.id for c in store.cards()]
    assert q(target, "SELECT COUNT(*) FROM time_entry WHERE work_item_id = ?", (card.id,)) \
        [0][0] > 0


def test_redo_by_undoing_the_undo_is_not_needed_but_undo_twice_goes_further_back(setup, target):
    store, ids = setup
    first = board_state(target)
    store.move_card(ids["a"], column="Doing")
    second = board_state(target)
    store.archive_card(ids["a"])
    store.undo()
    assert board_state(target) == second
    store.undo()
    assert board_state(target) == first
