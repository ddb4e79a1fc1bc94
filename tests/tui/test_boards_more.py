"""What the Boards pane does beyond moving cards, through the real store: blockers in the card's
detail (b, B), comments edited and deleted (E, D), archiving (a) and restoring (the palette), the
card form's sprint and parent, and the active sprint's burndown (the palette)."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from fcc.tui.app import make_app
from fcc.tui.screens.card_detail import CardDetailScreen
from fcc.tui.screens.card_forms import CardModal, ConfirmModal
from fcc.tui.screens.card_more import (
    BlockModal,
    BurndownScreen,
    CommentEditModal,
    RestoreModal,
    burndown_heading,
    burndown_table,
)
from fcc.tui.screens.picker import ChooseModal
from tests.tui.test_boards_forms import palette
from tests.tui.test_boards_pane import board, open_boards, shown_ids

__all__ = ["board"]  # the fixture


async def eventually(pilot, condition) -> None:
    """What a key started on the store's thread, then on the screen: waited for (bounded)."""
    for _ in range(150):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


def error_text(screen, field: str) -> str:
    return str(screen.query_one(f"#error-{field}").render())


async def test_b_in_the_detail_blocks_and_a_cycle_is_refused_naming_it(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("enter")  # #3 Login fails (it blocks #4)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        await pilot.press("b")
        form = app.screen
        assert isinstance(form, BlockModal)
        await pilot.press(*"x1", "enter")  # not a number: said under the field
        await pilot.pause()
        assert "by" in error_text(form, "by") and "card id like 12" in error_text(form, "by")
        form.query_one("#field-by").value = "4"  # #4 is blocked by #3: a cycle
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BlockModal)
        said = error_text(form, "form")
        assert "#4 → #3 → #4" in said or "#3 → #4 → #3" in said
        assert "\n" not in said.strip()
        assert [d.blocker_id for d in board.card_detail(3).blockers] == []
        form.query_one("#field-by").value = "#5"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail
        assert board.card(3).blocked_by == (5,)
        assert "blocked by #5 Invoice template" in str(detail.query_one("#card-tail").render())


async def test_shift_b_in_the_detail_removes_a_blocker_picked_from_the_list(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        pane.view.card = 4
        await pilot.press("enter")
        detail = app.screen
        assert detail.data.detail.card.id == 4
        await pilot.press("B")
        assert isinstance(app.screen, ChooseModal)
        await pilot.press("enter")
        await eventually(pilot, lambda: not detail.data.detail.blockers)
        assert app.screen is detail
        assert board.card(4).blocked_by == ()
        assert "blocked by" not in str(detail.query_one("#card-tail").render())
        await pilot.press("B")  # nothing blocks it now: said, no list
        await eventually(pilot, lambda: any("Nothing blocks" in n.message
                                            for n in app._notifications))
        assert app.screen is detail
        board.undo()
        assert board.card(4).blocked_by == (3,)


async def test_shift_e_edits_and_shift_d_deletes_a_comment(board, clock):
    board.add_comment(3, "first note")
    board.add_comment(3, "second note")
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("enter")
        detail = app.screen
        await pilot.press("E")
        assert isinstance(app.screen, ChooseModal)
        await pilot.press(*"second", "enter")
        form = app.screen
        assert isinstance(form, CommentEditModal)
        form.query_one("#field-comment").value = "  "
        await pilot.press("enter")  # an empty comment: the store says so
        await pilot.pause()
        assert isinstance(app.screen, CommentEditModal)
        assert "comment" in error_text(form, "comment")
        form.query_one("#field-comment").value = "second note, on [red]Safari[/red]"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail
        assert [c.body for c in board.comments(3)] == ["first note",
                                                       "second note, on [red]Safari[/red]"]
        assert "[red]Safari[/red]" in str(detail.query_one("#card-tail").render())
        await pilot.press("D")
        await pilot.press(*"first", "enter")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # no: nothing changes
        assert len(board.comments(3)) == 2
        await pilot.press("D")
        await pilot.press(*"first", "enter")
        await pilot.press("y")
        await eventually(pilot, lambda: len(detail.data.detail.comments) == 1)
        assert app.screen is detail
        assert [c.body for c in board.comments(3)] == ["second note, on [red]Safari[/red]"]
        tail = str(detail.query_one("#card-tail").render())
        assert "Comments (1)" in tail and "\n    first note" not in tail


async def test_a_archives_the_card_u_undoes_and_the_palette_restores(board, clock):
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_boards(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert board.card(3).archived
        assert 3 not in shown_ids(app)
        assert any("archived #3" in n.message and "u to undo" in n.message
                   for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert not board.card(3).archived
        await pilot.pause(0.2)
        assert 3 in shown_ids(app)
        board.archive_card(4)
        board.delete_card(5)
        await palette(pilot, "Restore card")
        form = app.screen
        assert isinstance(form, RestoreModal)
        await pilot.press(*"four", "enter")
        assert "card number" in error_text(form, "form")
        form.query_one("#field-card").value = "2"  # on its board: not restored
        await pilot.press("enter")
        await pilot.pause()
        assert "archived or deleted card" in error_text(form, "form")
        form.query_one("#field-card").value = "#4"
        await pilot.press("enter")
        await pilot.pause()
        assert not board.card(4).archived
        await palette(pilot, "Restore card")
        await pilot.press("5", "enter")
        await pilot.pause()
        assert board.card(5).deleted_at is None
        await pilot.pause(0.3)
        assert {4, 5} <= set(shown_ids(app))


async def test_the_palette_shows_the_active_sprints_burndown(board, clock):
    today = clock.now().date()
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_boards(app, pilot)
        await palette(pilot, "Sprint burndown")  # no active sprint: the store says so
        await pilot.pause()
        assert not isinstance(app.screen, BurndownScreen)
        assert any(n.severity == "error" and "sprint" in n.message
                   for n in app._notifications)
        board.plan_sprint("Client work", "S1", start=today - dt.timedelta(days=1),
                          end=today + dt.timedelta(days=5), goal="ship checkout")
        board.edit_card(2, {"sprint": "S1"})
        board.edit_card(4, {"sprint": "S1", "estimate": "1h"})
        board.start_sprint("Client work", "S1")
        await palette(pilot, "Sprint burndown")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BurndownScreen)
        assert screen.burn.sprint.name == "S1"
        days = screen.burn.days
        assert [d.day for d in days][:2] == [today - dt.timedelta(days=1), today]
        assert days[1].remaining_minutes == 180  # 2h + 1h, nothing done
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(burndown_heading(screen.burn))
        console.print(burndown_table(screen.burn))
        text = console.export_text()
        assert "S1" in text and "ship checkout" in text and "3:00" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, BurndownScreen)


async def test_the_new_keys_are_in_help_and_the_actions_in_the_palette(board, clock):
    from fcc.tui.app import help_rows

    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        assert "boards.archive" in {row[3] for row in help_rows(app.screen)}
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Archive card", "Restore card…", "Sprint burndown…"} <= titles
        await pilot.press("enter")
        assert isinstance(app.screen, CardDetailScreen)
        ids = {row[3] for row in help_rows(app.screen)}  # what help (?) lists there
        assert {"card.block", "card.unblock", "card.comment_edit",
                "card.comment_delete"} <= ids


async def test_the_edit_form_sets_the_sprint_and_the_parent(board, clock):
    today = clock.now().date()
    board.plan_sprint("Client work", "S1", start=today, end=today + dt.timedelta(days=7))
    board.plan_sprint("Client work", "S0", start=today - dt.timedelta(days=14),
                      end=today - dt.timedelta(days=8))
    board.start_sprint("Client work", "S0")
    board.complete_sprint("Client work", "S0")
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_boards(app, pilot)
        await pilot.press("e")  # #3 Login fails, a bug
        form = app.screen
        assert isinstance(form, CardModal)
        assert form.query_one("#field-sprint").value == ""
        assert form.query_one("#field-parent").value == ""
        assert form.names["sprint"] == ["S1"]  # planned or active, not the completed S0
        form.query_one("#field-sprint").value = "S0"
        form.query_one("#field-parent").value = "two"
        await pilot.press("enter")
        await pilot.pause()
        assert "a planned or active sprint: S1" in error_text(form, "sprint")
        form.query_one("#field-sprint").value = "s1"
        await pilot.press("enter")
        await pilot.pause()
        assert "card number" in error_text(form, "parent")
        form.query_one("#field-parent").value = "5"  # a task cannot parent a bug
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardModal)
        assert "parent" in error_text(form, "parent")
        assert board.card(3).sprint is None and board.card(3).parent_id is None
        form.query_one("#field-parent").value = "#2"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CardModal)
        card = board.card(3)
        assert (card.sprint, card.parent_id) == ("S1", 2)
        board.undo()  # one change: both undone
        card = board.card(3)
        assert (card.sprint, card.parent_id) == (None, None)


async def test_the_edit_form_clears_the_sprint_and_the_parent(board, clock):
    today = clock.now().date()
    board.plan_sprint("Client work", "S1", start=today, end=today + dt.timedelta(days=7))
    board.edit_card(2, {"sprint": "S1"})
    app = make_app(board, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_boards(app, pilot)
        pane.view.card = 2
        await pilot.press("e")
        form = app.screen
        assert form.query_one("#field-sprint").value == "S1"
        assert form.query_one("#field-parent").value == "1"
        form.query_one("#field-sprint").value = ""
        form.query_one("#field-parent").value = ""
        await pilot.press("enter")
        await pilot.pause()
        card = board.card(2)
        assert (card.sprint, card.parent_id) == (None, None)
