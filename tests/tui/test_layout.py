"""The main screen at every size: the layout follows each resize (both ways), the footer
keeps quit, help and the palette whole at 80 columns, and toasts leave the totals visible."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from fcc.store.demo import seed_demo
from fcc.tui.app import make_app
from fcc.tui.screens.help import HelpScreen
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import DayChart, EntryTable


@pytest.fixture
def demo(home_store):
    seed_demo(home_store)
    return home_store


def chart_beside(app) -> bool:
    table, chart = app.main.query_one(EntryTable), app.main.query_one(DayChart)
    return chart.region.x >= table.region.right and chart.region.y == table.region.y


def chart_below(app) -> bool:
    table, chart = app.main.query_one(EntryTable), app.main.query_one(DayChart)
    return chart.region.y >= table.region.bottom and chart.region.x == table.region.x


async def test_the_layout_follows_every_resize_both_ways(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        assert chart_beside(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert chart_below(app)
        table = app.main.query_one(EntryTable)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.region.right <= app.size.width
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert chart_beside(app)
        await pilot.resize_terminal(99, 30)
        await pilot.pause()
        assert chart_below(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert chart_beside(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_quit_help_and_the_palette_always_show_whole(demo, clock, size):
    app = make_app(demo, clock, keymap={"app.quit": "ctrl+q,f10"})
    async with app.run_test(size=size) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        bar = app.main.query_one(KeyBar)
        line = str(bar.render())
        assert len(line) <= size[0]
        assert line.rstrip().endswith("^p Palette  ? Help  ^q Quit"), line
        assert "a Amend" in line  # the screen's own keys where they fit, whole or not at all
        words = line.split()
        assert all(w in {"a", "Amend", "n", "Add", "v", "Void", "u", "Undo", "t", "Start/stop",
                         "T", "Start", "on…", "s", "Stop", "^p", "Palette", "?", "Help", "^q",
                         "Quit"} for w in words), line


async def test_a_key_in_the_bar_can_be_clicked(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        line = str(app.main.query_one(KeyBar).render())
        await pilot.click(KeyBar, offset=(line.index("? Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_notification_leaves_the_status_strip_in_view(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.main.wait_until_ready()
        app.main.notify("a fairly long message that takes a few lines " * 3, timeout=30)
        for _ in range(20):
            await pilot.pause(0.02)
            toasts = list(app.screen.query(Toast))
            if toasts and all(t.region.height for t in toasts):
                break
        assert toasts
        strip = app.main.query_one(StatusStrip).region
        keys = app.main.query_one(KeyBar).region
        for toast in toasts:
            assert not toast.region.overlaps(strip)
            assert not toast.region.overlaps(keys)
