"""Snapshots of the Boards pane at 80x24 and 120x40 on a frozen clock: an empty database, the
demo board with its lanes, a blocked card, a column over its WIP limit, a card's detail, the
card form and the filter (look at the HTML report before updating one)."""

from __future__ import annotations

import pytest

from fcc.store.demo import seed_demo
from fcc.tui.app import make_app
from tests.tui.test_boards_pane import board

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
__all__ = ["board"]  # the fixture


async def filled(pilot) -> None:
    await pilot.app.main.wait_until_ready()
    await pilot.pause()


@pytest.fixture
def demo(home_store):
    seed_demo(home_store)
    return home_store


@pytest.mark.parametrize("size", SIZES)
def test_empty_board(snap_compare, home_store, clock, size):
    assert snap_compare(make_app(home_store, clock, cursor_blink=False), terminal_size=size,
                        press=["1"], run_before=filled)


# name -> keys on the demo board (after 1: the Boards pane)
DEMO_VIEWS = {
    "demo": ["1"],
    "demo_no_lanes": ["1", "w"],
    "demo_detail": ["1", "l", "enter"],
    "demo_card_form": ["1", "n"],
    "demo_filter": ["1", "slash", *"type:bug", "enter"],
    "demo_filter_line": ["1", "slash", *"tag:"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(DEMO_VIEWS))
def test_demo_board(snap_compare, demo, clock, view, size):
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        press=DEMO_VIEWS[view], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_blocked_card_and_over_limit_column(snap_compare, board, clock, size):
    """#4 is blocked by #3 (⊘); Doing holds 2 of a limit of 1 (its header marked)."""
    board.set_wip_limit("Client work", "Doing", 1)
    board.move_card(4, column="Doing", force=True)
    assert snap_compare(make_app(board, clock, cursor_blink=False), terminal_size=size,
                        press=["1", "l", "l"], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_refusal_asks(snap_compare, board, clock, size):
    board.set_wip_limit("Client work", "Doing", 1)
    assert snap_compare(make_app(board, clock, cursor_blink=False), terminal_size=size,
                        press=["1", "down", "L", "L"], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_card_detail_with_markdown_and_history(snap_compare, board, clock, size):
    board.edit_card(3, {"description": "Steps to see it:\n\n1. open `/login`\n"
                        "2. type **any** password\n\n[bold]not markup[/bold]"})
    board.add_comment(3, "Seen on Safari 17 too")
    assert snap_compare(make_app(board, clock, cursor_blink=False), terminal_size=size,
                        press=["1", "enter"], run_before=filled)


async def burndown_open(pilot) -> None:
    """The demo board's active sprint's burndown, from the palette."""
    await filled(pilot)
    await pilot.press("1", "ctrl+p", *"sprint burndown")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", SIZES)
def test_sprint_burndown(snap_compare, demo, clock, size):
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        run_before=burndown_open)
