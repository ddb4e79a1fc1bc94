"""Issue 11 part 2 in the app: a card id past 2^63 (or written with a non-ASCII digit) in the
add dialog is the field's error, not an OverflowError in a worker; nothing is written."""

from __future__ import annotations

from textual.widgets import Label

from fcc.tui.app import make_app
from fcc.tui.screens.entry_forms import EntryModal
from tests.tui.test_dialogs import field, odd, open_form  # noqa: F401  (odd: the fixture)

EXPECTED = ("card: expected a card number like 12, or nothing (a whole number from 1 to "
            "9223372036854775807), got ")


async def test_a_card_id_out_of_range_is_the_fields_error(odd, clock):  # noqa: F811
    before = odd.change_counter()
    app = make_app(odd, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(app, pilot, "n")
        field(app, "project").value = "Admin"
        field(app, "start").value = "-2h"
        field(app, "end").value = "45m"
        for typed in ("#99999999999999999999999", "٣", "0"):
            field(app, "card").value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EntryModal)
            label = app.screen.query_one("#error-project", Label)  # (cards are picked there)
            assert " ".join(str(label.render()).split()) == EXPECTED + repr(typed)
    assert odd.change_counter() == before
