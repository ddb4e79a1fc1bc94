"""The main screen at every size: the layout follows each resize (both ways), the footer
keeps quit, help and the palette whole at 80 columns, and toasts leave the totals visible."""

from __future__ import annotations

import pytest

from fcc.store.demo import seed_demo
from fcc.tui.app import make_app
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
