"""Issue 11 in the app (pilot): data is shown with its control characters visible in every
widget, a dialog's untouched field keeps the exact value, and what is pasted into a field
holds no control character."""

from __future__ import annotations

import json
import sqlite3

from rich.text import Text
from textual.widgets import Input, Label, Static

from fcc.tui.app import make_app
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.modals import EntryModal, PickerModal
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import EntryTable, RunningTimers
from tests.ptyrun import without_triggers
from tests.tui.conftest import NOW

EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b1m\u202eevil\x7f"
SHOWN = "␛]0;pwned␇␛[2J<U+009B>1m<U+202E>evil␡"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f", "\x00")


def hostile(world, tmp_path) -> None:
    """Website and the morning entry's note and tags, rewritten as a hostile writer would."""
    db = tmp_path / "fcc.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE project SET name = ? WHERE name = 'Website'", ("Web" + EVIL,))
    conn.close()
    without_triggers(db, "time_entry", lambda c: c.execute(
        "UPDATE time_entry SET note = ?, tags = ?",
        ("note" + EVIL + "\x00", json.dumps(["t" + EVIL]))))


def plain(renderable: object) -> str:
    return renderable.plain if isinstance(renderable, Text) else str(renderable)


async def test_widgets_show_data_visibly_and_untouched_fields_stay_exact(world, clock, tmp_path):
    hostile(world, tmp_path)
    entry = world.entries()[0]
    world.start_timer("Acme/Web" + EVIL, note="run" + EVIL, at=NOW)
    app = make_app(world, clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        shown = [plain(app.screen.query_one(StatusStrip).render()),
                 plain(app.screen.query_one(RunningTimers).render())]
        table = app.screen.query_one(EntryTable)
        shown += [plain(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        app.notify("said: " + EVIL, title=EVIL)
        await pilot.pause()
        shown += [n.message + n.title for n in app._notifications]
        everything = "\n".join(shown)
        assert SHOWN in everything and "note" + SHOWN + "␀" in everything
        assert not any(c in everything for c in RAW), everything

        await pilot.press("T")  # start on…: the project list
        await pilot.pause()
        assert isinstance(app.screen, PickerModal)
        listed = "\n".join(plain(o.prompt) for o in app.screen.query_one("#choices").options)
        assert SHOWN in listed and not any(c in listed for c in RAW)
        search = app.screen.query_one("#search", Input)
        search.insert_text_at_cursor("a\x1b[2J\u202eb")  # as a paste inserts it
        assert search.value == "a␛[2J<U+202E>b"
        await pilot.press("escape")
        await pilot.pause()

        table.move_cursor(row=table.get_row_index(f"entry:{entry.no}"))
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EntryModal)
        texts = [plain(w.render()) for w in modal.query(Static) if not isinstance(w, Label)]
        fields = {f.id: f.value for f in modal.query(Input)}
        assert fields["field-note"] == "note" + SHOWN + "␀"
        assert any(SHOWN in t for t in texts)  # the heading: entry N: Acme/Web…
        assert not any(c in "".join(texts) + "".join(fields.values()) for c in RAW)
        modal.query_one("#field-tags", Input).value = "plain"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    amended = world.entry(entry.no)
    assert amended.tags == ("plain",)
    assert amended.note == "note" + EVIL + "\x00"  # untouched: exactly what it was
    assert amended.project == "Acme/Web" + EVIL
