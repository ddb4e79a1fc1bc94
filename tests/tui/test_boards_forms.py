"""The Boards pane's screens and forms: the card's detail (Markdown description, comments,
dependencies, time, history; c comments), and setting boards, columns, lanes and sprints up from
the palette -- each through the real store, with bad input shown under its field."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Markdown

from fcc.tui.app import make_app
from fcc.tui.screens.board_setup import SetupModal
from fcc.tui.screens.card_detail import CardDetailScreen, CommentModal
from fcc.tui.screens.card_forms import CardModal
from tests.tui.test_boards_pane import board, open_boards, pane_of, shown_ids, view_of

H = dt.timedelta(hours=1)
__all__ = ["board"]  # the fixture


async def palette(pilot, title: str) -> None:
    """Run a palette action by its title."""
    await pilot.press("ctrl+p")
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")


async def test_enter_opens_the_detail_and_c_comments(board, clock):
    board.edit_card(3, {"description": "Steps:\n\n1. open `/login`\n2. **[bold]** stays"})
    board.add_entry("Acme/Website", clock.now() - 3 * H, clock.now() - 2 * H, card=3,
                    note="first look")
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CardDetailScreen)
        assert screen.data.detail.card.id == 3
        markdown = screen.query_one(Markdown)
        assert "[bold]" in markdown.source
        shown = " ".join(str(b.render()) if hasattr(b, "render") else ""
                         for b in markdown.query("*"))
        assert "[bold]" in shown  # the text as typed, not read as markup
        tail = str(screen.query_one("#card-tail").render())
        assert "blocks #4 Release notes" in tail
        assert "first look" in tail and "Time entries (1)" in tail
        assert "History" in tail and "created: Login fails" in tail and "#3 blocks #4" in tail
        await pilot.press("c")
        assert isinstance(app.screen, CommentModal)
        await pilot.press("enter")  # an empty comment: the store says so, under the form
        assert isinstance(app.screen, CommentModal)
        await pilot.press(*"Seen on Safari 17", "enter")
        assert isinstance(app.screen, CardDetailScreen)
        assert [c.body for c in board.comments(3)] == ["Seen on Safari 17"]
        assert "Seen on Safari 17" in str(screen.query_one("#card-tail").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, CardDetailScreen)


async def test_e_in_the_detail_opens_the_card_form(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("enter", "e")
        assert isinstance(app.screen, CardModal)
        assert app.screen.card.id == 3


async def test_setup_from_the_palette_columns_lanes_and_the_board(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        await palette(pilot, "Add column")
        form = app.screen
        assert isinstance(form, SetupModal)
        await pilot.press(*"QA")
        form.query_one("#field-limit").value = "none"
        await pilot.press("enter")
        assert "limit" in str(form.query_one("#error-limit").render())
        form.query_one("#field-limit").value = "2"
        await pilot.press("enter")
        columns = board.board("Client work").columns
        assert [(c.name, c.wip_limit) for c in columns][-2:] == [("QA", 2), ("Done", None)]
        assert [c.name for c in view_of(app).layout_.columns][-2:] == ["QA", "Done"]

        await pilot.press("l", "l")  # the Doing column: the form starts on it
        await palette(pilot, "Set WIP limit")
        assert app.screen.field("column") == "Doing"
        app.screen.query_one("#field-limit").value = "3"
        await pilot.press("enter")
        assert view_of(app).layout_.columns[2].wip_limit == 3

        await palette(pilot, "Rename column")
        app.screen.query_one("#field-name").value = "In progress"
        await pilot.press("enter")
        assert [c.name for c in board.board("Client work").columns][2] == "In progress"

        await palette(pilot, "Move column")
        app.screen.query_one("#field-column").value = "QA"
        app.screen.query_one("#field-position").value = "1"
        await pilot.press("enter")
        assert board.board("Client work").columns[0].name == "QA"

        await palette(pilot, "Remove column")
        app.screen.query_one("#field-column").value = "Backlog"
        await pilot.press("enter")  # it holds cards: refused, said under the form
        assert isinstance(app.screen, SetupModal)
        app.screen.query_one("#field-move_to").value = "To do"
        await pilot.press("enter")
        assert "Backlog" not in [c.name for c in board.board("Client work").columns]
        assert board.card(1).column == "To do"

        await palette(pilot, "Add lane")
        await pilot.press(*"Waiting", "enter")
        assert [lane.name for lane in board.board("Client work").lanes][-1] == "Waiting"
        await palette(pilot, "Remove lane")
        app.screen.query_one("#field-lane").value = "Expedite"
        await pilot.press("enter")
        assert board.card(3).lane is None

        await palette(pilot, "Rename board")
        app.screen.query_one("#field-name").value = "Acme work"
        await pilot.press("enter")
        assert pane.data.board.name == "Acme work"


async def test_sprints_from_the_palette(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        await palette(pilot, "Plan sprint")
        form = app.screen
        await pilot.press(*"S1")
        form.query_one("#field-start").value = "2026-11-23"
        form.query_one("#field-end").value = "2026-11-20"
        await pilot.press("enter")
        assert "end" in str(form.query_one("#error-end").render())
        form.query_one("#field-end").value = "2026-12-04"
        await pilot.press("enter")
        assert [s.name for s in board.sprints("Client work")] == ["S1"]
        await palette(pilot, "Start sprint")
        app.screen.query_one("#field-sprint").value = "S1"
        await pilot.press("enter")
        assert board.sprint("Client work").name == "S1"
        assert pane.data.board.active_sprint == "S1"
        await palette(pilot, "Complete sprint")
        await pilot.press("enter")
        assert board.sprints("Client work")[0].status == "completed"


async def test_new_board_and_a_card_on_an_empty_database(home_store, clock):
    app = make_app(home_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_boards(app, pilot)
        assert pane.data.board is None
        assert "No board yet" in view_of(app).hint
        await pilot.press("n", *"First card", "enter")
        assert home_store.card(1).board == "Inbox"
        assert shown_ids(app) == [1]
        await palette(pilot, "New board")
        await pilot.press(*"Second", "enter")
        assert [b.name for b in home_store.boards()] == ["Inbox", "Second"]
        assert pane_of(app).data.board.name == "Second"  # the new board is shown


async def test_archive_link_done_column_and_lane_rename(board, clock):
    board.create_project({"name": "Admin"})
    board.create_board("Internal")
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        await palette(pilot, "Link board")
        app.screen.query_one("#field-project").value = "Admin"
        await pilot.press("enter")
        assert board.board("Client work").project == "Admin"
        await pilot.press("l", "l", "l")  # Review
        await palette(pilot, "Mark done column")
        await pilot.press("enter")
        assert [c.name for c in board.board("Client work").columns if c.is_done] == [
            "Review", "Done"]
        await palette(pilot, "Rename lane")
        app.screen.query_one("#field-lane").value = "Expedite"
        app.screen.query_one("#field-name").value = "Urgent"
        await pilot.press("enter")
        assert [lane.name for lane in board.board("Client work").lanes] == ["Urgent",
                                                                            "Standard"]
        await palette(pilot, "Archive board")
        await pilot.press("enter")  # not confirmed: nothing happens
        assert "confirm" in str(app.screen.query_one("#error-confirm").render())
        await pilot.press(*"yes", "enter")
        assert [b.name for b in board.boards()] == ["Internal"]
        assert pane.data.board.name == "Internal"  # the next board is shown
