"""The store's errors name its fields (``end``, ``start``, ``reason``); the app's forms put
each under the input it names and show no command line flag (``--to``/``--from``)."""

from __future__ import annotations

from textual.widgets import Input, Label

from fcc.tui.app import make_app
from fcc.tui.screens.modals import EntryModal, VoidModal


def shown(label: Label) -> str:
    return " ".join(str(label.render()).split())


async def test_an_entry_ending_before_it_starts_is_named_by_its_fields(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        modal = app.screen
        assert isinstance(modal, EntryModal)
        modal.query_one("#field-project", Input).value = "Admin"
        modal.query_one("#field-start", Input).value = "7:00"
        modal.query_one("#field-end", Input).value = "6:00"
        await pilot.press("enter")
        await pilot.pause()
        error = shown(modal.query_one("#error-end", Label))
        assert error.startswith("end: expected a time after start (")
        assert "--" not in error
        assert modal.focused is modal.query_one("#field-end", Input)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        assert isinstance(app.screen, VoidModal)
        await pilot.press("enter")  # no reason: refused, under the reason field
        await pilot.pause()
        error = shown(app.screen.query_one("#error-reason", Label))
        assert error == "reason: expected a reason, e.g. 'duplicate'"
