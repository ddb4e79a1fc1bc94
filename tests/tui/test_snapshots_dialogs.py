"""Snapshots of the dialogs added for first runs: new client / project, the picker offering to
create a project, and the note and tags step; on the demo data and a frozen clock."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from fcc.store.demo import seed_demo
from fcc.tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

# name -> (keys pressed after launch, a selector the dialog shows when it is ready)
DIALOGS = {
    "new_client": (["ctrl+p", *"new client", "enter"], "#field-currency"),
    "new_project": (["ctrl+p", *"new project", "enter"], "#field-budget"),
    "picker_create": (["T", *"Globex/Portal"], "#choices"),
    "note_step": (["T", *"shop", "enter"], "#field-tags"),
}


@pytest.fixture
def demo(home_store):
    seed_demo(home_store)
    return home_store


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dialog", list(DIALOGS))
def test_dialog(snap_compare, demo, clock, dialog, size):
    keys, ready = DIALOGS[dialog]

    async def run_before(pilot) -> None:
        app = pilot.app
        await app.main.wait_until_ready()  # the list fills right after the first frame
        await pilot.press(*keys)
        for _ in range(50):
            if app.screen.query(ready):
                break
            await pilot.pause(0.02)
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a still cursor: the same picture every run
        await pilot.pause()

    assert snap_compare(make_app(demo, clock), terminal_size=size, run_before=run_before)
