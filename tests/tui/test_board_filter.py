"""The Boards pane's filter words, on card records (no app needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store import records_boards as rb
from fcc.store.errors import InvalidInput
from fcc.tui.screens.board_filter import parse_filter
from fcc.tui.screens.board_reads import BoardData, hidden_by_fold, layout_of, stepped

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)


def card(id: int, title: str, **kw) -> rb.Card:
    base = dict(uuid=f"u{id}", board_id=1, board="B", type="task", description="",
                priority=2, estimate_minutes=None, due=None, tags=(), project_id=None,
                project=None, hourly_rate=None, parent_id=None, column_id=1, column="Backlog",
                lane_id=None, lane=None, sprint_id=None, sprint=None, position=id,
                archived=False, deleted_at=None, done_at=None, created_at=AT, updated_at=AT)
    base.update(kw)
    return rb.Card(id=id, title=title, **base)


CARDS = [
    card(1, "Login fails", type="bug", due=TODAY - dt.timedelta(days=1), tags=("Client",)),
    card(2, "Release notes", description="mention the LOGIN fix", blocked_by=(1,),
         sprint="Sprint 3", sprint_id=3),
    card(3, "Epic", type="epic", due=TODAY, children_total=1),
    card(4, "Child", parent_id=3, due=TODAY + dt.timedelta(days=6), tags=("client", "x")),
    card(5, "Straße", due=TODAY + dt.timedelta(days=7)),
]


@pytest.mark.parametrize(("text", "ids"), [
    ("", [1, 2, 3, 4, 5]),
    ("login", [1, 2]),  # the title or the description, caseless
    ("#4", [4]),
    ("type:bug", [1]),
    ("TYPE:Epic", [3]),
    ("tag:CLIENT", [1, 4]),  # names compare as everywhere
    ("sprint:sprint 3", []),  # one word each: "sprint:sprint" and "3"
    ("sprint:none", [1, 3, 4, 5]),
    ("due:overdue", [1]),
    ("due:today", [3]),
    ("due:week", [3, 4]),
    ("blocked", [2]),
    ("blocked login", [2]),
    ("STRASSE", [5]),  # caseless as Unicode folds it: ß is ss
    ("straße", [5]),
])
def test_filter_words(text, ids):
    wanted = parse_filter(text, TODAY)
    assert [c.id for c in CARDS if wanted(c)] == ids


@pytest.mark.parametrize(("text", "said"), [("type:story2", "type: one of epic"),
                                            ("due:soon", "due: one of overdue")])
def test_a_word_the_filter_cannot_read_names_the_filter(text, said):
    with pytest.raises(InvalidInput) as refused:
        parse_filter(text, TODAY)
    assert refused.value.field == "filter" and said in str(refused.value)


def board_data() -> BoardData:
    columns = tuple(rb.Column(id=i + 1, board_id=1, name=n, position=i,
                              wip_limit=1 if n == "Doing" else None, is_done=n == "Done")
                    for i, n in enumerate(("Backlog", "Doing", "Done")))
    board = rb.Board(id=1, uuid="b", name="B", project_id=None, project=None, archived=False,
                     created_at=AT, columns=columns)
    return BoardData(1, 1, board, (board,), tuple(CARDS), "UTC")


def test_folding_hides_every_descendant():
    data = board_data()
    deeper = card(6, "Grandchild", parent_id=4)
    assert hidden_by_fold([*data.cards, deeper], {3}) == {4, 6}
    layout, shown = layout_of(data, lanes_on=True, keep=None, folded={3})
    assert shown == 4 and 4 not in layout.where


def test_a_step_is_shown_ahead_only_when_the_store_will_take_it():
    data = board_data()
    ahead = stepped(data, CARDS[2], 1)
    assert ahead is not None and (ahead.column_id, ahead.column) == (2, "Doing")
    assert stepped(data, CARDS[2], -1) is None  # the left edge
    full = BoardData(1, 1, data.board, data.boards,
                     (*data.cards, card(9, "Busy", column_id=2, column="Doing")), "UTC")
    assert stepped(full, CARDS[2], 1) is None  # Doing is at its limit of 1
    blocked = card(2, "Release notes", blocked_by=(1,), column_id=2, column="Doing")
    assert stepped(data, blocked, 1) is None  # a blocked card into the done column
