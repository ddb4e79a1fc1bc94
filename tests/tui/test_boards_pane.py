"""Pilot tests of the Boards pane: every key, on a real SQLite file and a frozen clock. What the
pane shows is checked, and what the database holds afterwards."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.api import Store
from fcc.store.target import resolve_target
from fcc.tui.app import FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.boards import BoardsPane
from fcc.tui.screens.card_forms import CardModal, ConfirmModal
from fcc.tui.widgets.board import BoardView
from fcc.tui.widgets.card_tile import plain, tile_lines


@pytest.fixture
def board(home_store):
    """Board "Client work" (Acme/Website) with lanes Expedite and Standard and five cards:
    #1 an epic with child #2, #3 a bug due yesterday, #4 blocked by #3, #5 in Doing."""
    s = home_store
    s.create_client({"name": "Acme"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_board("Client work", project="Acme/Website")
    s.add_lane("Client work", "Expedite")
    s.add_lane("Client work", "Standard")
    s.add_card({"title": "Checkout redesign", "type": "epic", "lane": "Standard"})
    s.add_card({"title": "Cart [bold]page[/bold]", "type": "story", "parent": 1,
                "lane": "Standard", "estimate": "2h"})
    s.add_card({"title": "Login fails", "type": "bug", "priority": 0, "lane": "Expedite",
                "due": dt.date(2026, 11, 22)})
    s.add_card({"title": "Release notes", "lane": "Standard"})
    s.block(4, by=3)
    s.add_card({"title": "Invoice template", "column": "Doing"})
    return s


def pane_of(app: FccApp) -> BoardsPane:
    return app.main.query_one(BoardsPane)


def view_of(app: FccApp) -> BoardView:
    return app.main.query_one(BoardView)


async def open_boards(app: FccApp, pilot) -> BoardsPane:
    await pilot.pause()
    await pilot.press("1")
    pane = pane_of(app)
    assert pane.data is not None
    return pane


def shown_ids(app: FccApp) -> list[int]:
    layout = view_of(app).layout_
    return sorted(layout.where)


async def test_the_pane_shows_the_board_its_columns_lanes_and_cards(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        assert pane.data.board.name == "Client work"
        layout = view_of(app).layout_
        assert [c.name for c in layout.columns] == ["Backlog", "To do", "Doing", "Review", "Done"]
        assert [b.lane.name for b in layout.bands] == ["Expedite", "Standard", "No lane"]
        assert shown_ids(app) == [1, 2, 3, 4, 5]
        assert [c.count for c in layout.columns] == [4, 0, 1, 0, 0]
        text = "\n".join(view_of(app).render_line(y).text for y in range(app.size.height - 6))
        assert "#2 Cart [bold]page[" in text  # literally, never markup
        assert "⊘" in text  # #4 is blocked
        assert "!22 Nov" in text  # #3 was due yesterday
        assert "✓0/1" in text  # the epic's children


async def test_arrows_and_hjkl_move_the_cursor(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        view = view_of(app)
        assert view.card == 3  # the first card of the first column (Expedite first)
        await pilot.press("down")
        assert view.card == 1
        await pilot.press("j", "j")
        assert view.card == 4
        await pilot.press("k")
        assert view.card == 2
        await pilot.press("l", "l")
        assert (view.column, view.card) == (2, 5)
        await pilot.press("h", "left")
        assert view.column == 0
        await pilot.press("up", "up", "up", "up")
        assert view.card == 3
        await pilot.press("end")
        assert view.card == 4
        await pilot.press("home")
        assert view.card == 3


async def test_shift_l_and_h_move_the_card_to_the_next_and_previous_column(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("down")  # #1
        await pilot.press("L")
        assert board.card(1).column == "To do"
        assert view_of(app).card == 1 and view_of(app).column == 1
        await pilot.press("shift+right")
        assert board.card(1).column == "Doing"
        await pilot.press("H")
        assert board.card(1).column == "To do"
        await pilot.press("shift+left", "H")  # the second is at the edge: said, nothing moves
        assert board.card(1).column == "Backlog"
        assert view_of(app).layout_.columns[0].count == 4


async def test_shift_j_and_k_reorder_the_card_in_its_column(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("down")  # #1, above #2 and #4 in Standard
        await pilot.press("J")
        order = [c.id for c in board.cards(board="Client work", lane="Standard")]
        assert order == [2, 1, 4]
        cell = view_of(app).layout_.bands[1].cells[0]
        assert [c.id for c in cell] == [2, 1, 4]
        await pilot.press("shift+down")
        assert [c.id for c in board.cards(board="Client work", lane="Standard")] == [2, 4, 1]
        await pilot.press("K", "shift+up")
        assert [c.id for c in board.cards(board="Client work", lane="Standard")] == [1, 2, 4]


async def test_a_full_column_asks_and_yes_moves_it_anyway(board, clock):
    board.set_wip_limit("Client work", "Doing", 1)
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("down", "L", "L")  # #1 to To do, then Doing is full
        assert isinstance(app.screen, ConfirmModal)
        assert "WIP limit of 1" in app.screen.what
        await pilot.press("n")
        assert board.card(1).column == "To do"
        await pilot.press("L")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        assert board.card(1).column == "Doing"
        over = view_of(app).layout_.columns[2]
        assert over.count == 2 and over.over


async def test_a_blocked_card_into_done_asks_first(board, clock):
    board.move_card(4, column="Review")
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("l", "l", "l")
        assert view_of(app).card == 4
        await pilot.press("L")
        assert isinstance(app.screen, ConfirmModal)
        assert "#3" in app.screen.what
        await pilot.press("escape")
        assert board.card(4).column == "Review"
        await pilot.press("L", "enter")
        assert board.card(4).column == "Done"
        assert board.card(4).done_at is not None


async def test_n_adds_a_card_with_the_form_checking_its_fields(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("l", "l", "n")  # in the Doing column
        form = app.screen
        assert isinstance(form, CardModal)
        assert form.field("column") == "Doing"
        await pilot.press("enter")
        assert "title" in str(form.query_one("#error-title").render())
        await pilot.press(*"Write tests")
        form.query_one("#field-priority").value = "7"
        await pilot.press("enter")
        assert "priority" in str(form.query_one("#error-priority").render())
        form.query_one("#field-priority").value = "1"
        form.query_one("#field-estimate").value = "soon"
        await pilot.press("enter")
        assert app.screen is form
        assert "estimate" in str(form.query_one("#error-estimate").render())
        form.query_one("#field-estimate").value = "1h30m"
        form.query_one("#field-tags").value = "dev, urgent"
        form.query_one("#field-lane").value = "Expedite"
        await pilot.press("enter")
        assert not isinstance(app.screen, CardModal)
        card = board.card(6)
        assert (card.title, card.column, card.lane, card.priority, card.estimate_minutes,
                card.tags, card.project) == ("Write tests", "Doing", "Expedite", 1, 90,
                                             ("dev", "urgent"), "Acme/Website")
        assert 6 in shown_ids(app)


async def test_e_edits_the_card_sending_only_what_changed(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("e")  # #3
        form = app.screen
        assert isinstance(form, CardModal) and form.card.id == 3
        assert form.field("title") == "Login fails"
        form.query_one("#field-title").value = "Login fails on Safari"
        form.query_one("#field-column").value = "Review"
        await pilot.press("enter")
        card = board.card(3)
        assert (card.title, card.column, card.priority, card.lane) == (
            "Login fails on Safari", "Review", 0, "Expedite")
        board.undo()  # one change: the title and the column come back together
        assert (board.card(3).title, board.card(3).column) == ("Login fails", "Backlog")


async def test_d_deletes_and_u_brings_it_back(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("d")
        assert board.card(3).deleted_at is not None
        assert 3 not in shown_ids(app)
        assert any("deleted #3" in n.message and "u to undo" in n.message
                   for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert board.card(3).deleted_at is None
        assert 3 in shown_ids(app)


async def test_t_starts_a_timer_on_the_card_and_stops_it(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("t")
        running = board.running()
        assert [(e.work_item_id, e.project) for e in running] == [(3, "Acme/Website")]
        assert view_of(app).layout_.bands[0].cells[0][0].running
        await pilot.press("down", "t")  # on #1: the one on #3 stops
        assert [e.work_item_id for e in board.running()] == [1]
        await pilot.press("t")
        assert board.running() == []


async def test_slash_filters_and_escape_clears(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        await pilot.press("slash", *"type:bug", "enter")
        assert shown_ids(app) == [3]
        await pilot.press("slash")
        field = app.main.query_one("#board-filter")
        field.value = "blocked"
        await pilot.press("enter")
        assert shown_ids(app) == [4]
        await pilot.press("slash")
        field.value = "due:overdue"
        await pilot.press("enter")
        assert shown_ids(app) == [3]
        await pilot.press("slash")
        field.value = "due:soon"
        await pilot.press("enter")
        assert pane.has_class("-filtering")  # not read: said, and the line stays open
        assert any("due:" in n.message for n in app._notifications)
        field.value = "tag:nope cart"
        await pilot.press("enter")
        assert shown_ids(app) == []
        await pilot.press("slash", "escape")
        assert shown_ids(app) == [1, 2, 3, 4, 5]
        assert not pane.filter


async def test_z_folds_a_parents_children(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("down", "z")  # on the epic #1
        assert 2 not in shown_ids(app)
        assert "▸#1" in plain(tile_lines(board.card(1), 30, dt.date(2026, 11, 23),
                                         folded=True)[0])
        await pilot.press("z")
        assert 2 in shown_ids(app)
        await pilot.press("down", "z")  # on the child: its parent folds
        assert 2 not in shown_ids(app)


async def test_w_hides_and_shows_the_lanes(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("w")
        bands = view_of(app).layout_.bands
        assert len(bands) == 1 and bands[0].lane is None
        await pilot.press("w")
        assert len(view_of(app).layout_.bands) == 3


async def test_b_switches_board_and_to_all_boards(board, clock):
    board.create_board("Internal")
    board.add_card({"title": "Tax return", "board": "Internal"})
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        await pilot.press("b", *"Internal", "enter")
        assert pane.data.board.name == "Internal"
        assert shown_ids(app) == [6]
        await pilot.press("b", *"all boards", "enter")
        assert pane.data.board is None and pane.data.title == "All boards"
        assert shown_ids(app) == [1, 2, 3, 4, 5, 6]
        assert [b.lane.name for b in view_of(app).layout_.bands] == ["Client work", "Internal"]
        assert view_of(app).card == 6  # the cursor stays on its card
        await pilot.press("L")  # moves work in the all-boards view too
        assert board.card(6).column == "To do"
        assert view_of(app).layout_.where[6].column == 1


async def test_a_change_from_another_connection_shows_within_a_second(board, clock, tmp_path):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        other = Store.open(resolve_target(str(tmp_path / "fcc.db"), environ={}), clock)
        try:
            other.add_card({"title": "From the command line", "column": "Review"})
            other.move_card(5, column="Done")
        finally:
            other.close()
        await pilot.pause(1.2)  # the main screen's poll, each second
        assert 6 in shown_ids(app)
        layout = view_of(app).layout_
        assert [c.count for c in layout.columns] == [4, 0, 0, 1, 1]


async def test_80_columns_scroll_sideways_with_the_cursor(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_boards(app, pilot)
        view = view_of(app)
        assert view.scroll_x == 0
        await pilot.press("l", "l", "l", "l")
        assert view.column == 4
        left = view.column * view.col_width
        assert view.scroll_x <= left
        assert left + view.col_width - 1 <= view.scroll_x + view.scrollable_content_region.width
        await pilot.press("h", "h", "h", "h")
        assert view.scroll_x == 0


async def test_a_click_focuses_the_card(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        view = view_of(app)
        top, _ = view.layout_.lines_of(5)
        await pilot.click(BoardView, offset=(2 * view.col_width + 3, 2 + top))
        assert view.card == 5 and view.column == 2


async def test_every_board_key_has_an_id_and_is_in_help(board, clock):
    ids = binding_ids()
    for ident in ("boards.left", "boards.right", "boards.up", "boards.down",
                  "boards.move_left", "boards.move_right", "boards.move_up",
                  "boards.move_down", "boards.new", "boards.edit", "boards.open",
                  "boards.delete", "boards.undo", "boards.filter", "boards.switch",
                  "boards.fold", "boards.lanes", "card.comment"):
        assert ident in ids
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        rows = help_rows(app.screen)
        listed = {row[3] for row in rows if row[0] == "Boards pane"}
        assert {"boards.move_right", "boards.fold", "boards.left"} <= listed
        assert any(row[3] == "timer.toggle" for row in rows)  # t: on the card here


async def test_the_keys_can_be_remapped(board, clock):
    app = make_app(board, clock, keymap={"boards.move_right": "m"})
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("m")
        assert board.card(3).column == "To do"


async def test_the_board_lanes_and_card_come_back_next_time(board, clock):
    board.create_board("Internal")
    board.add_card({"title": "Tax return", "board": "Internal"})
    board.add_card({"title": "Bookkeeping", "board": "Internal"})
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("b", *"Internal", "enter", "w", "down", "ctrl+q")
    session = board.load_session()
    assert session.last_pane == "boards" and session.selection["card"] == 7
    again = make_app(board, clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = pane_of(again)
        assert again.main.pane == "boards"
        assert pane.data.board.name == "Internal" and not pane.lanes_on
        assert view_of(again).card == 7


async def test_dragging_a_card_to_another_column_moves_it(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        view = view_of(app)
        top, _ = view.layout_.lines_of(5)  # in Doing
        await pilot.mouse_down(BoardView, offset=(2 * view.col_width + 3, 2 + top))
        await pilot.mouse_up(BoardView, offset=(3 * view.col_width + 3, 2 + top))
        await pilot.pause()
        assert board.card(5).column == "Review"
        assert view.layout_.where[5].column == 3


async def test_n_into_a_full_column_asks_then_adds_when_told(board, clock):
    board.set_wip_limit("Client work", "Doing", 1)  # #5 is in it
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("l", "l", "n")
        form = app.screen
        assert isinstance(form, CardModal) and form.field("column") == "Doing"
        await pilot.press(*"Over the limit", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmModal)
        assert "WIP limit of 1" in app.screen.what
        await pilot.press("n")  # no: the form stays, nothing added
        await pilot.pause(0.2)
        assert app.screen is form
        assert [c.title for c in board.cards(column="Doing")] == ["Invoice template"]
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, (CardModal, ConfirmModal))
        assert [c.title for c in board.cards(column="Doing")] == [
            "Invoice template", "Over the limit"]
        assert not form.force
