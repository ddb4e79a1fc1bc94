"""Issue 10 in the app, through the keyboard: the demo's amend after `s` and `T`, and `t` `t`."""

from __future__ import annotations

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.demo import seed_demo
from fcc.store.target import resolve_target
from fcc.tui.app import make_app
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.modals import EntryModal
from fcc.tui.widgets.timers import TimersPane


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_demo_amend_after_s_and_capital_t_is_not_refused(tmp_path, monkeypatch):
    """`s`, `T` a project, Enter, Up, `a`, Enter with no change used to say "time: expected
    a span that overlaps no other entry": the form shows times to the minute."""
    monkeypatch.setenv("HOME", str(tmp_path))
    clock = FrozenClock("2026-11-23T10:30:17+00:00")  # the demo's timer started at 09:50:17
    store = Store.open(resolve_target(str(tmp_path / "fcc.db"), environ={}), clock)
    try:
        seed_demo(store)
        app = make_app(store, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            clock.advance(seconds=3)
            await pilot.press("s")
            clock.advance(seconds=4)
            await pilot.press("T")
            await pilot.pause()
            await pilot.press("enter")  # the picked project
            await pilot.pause()
            await pilot.press("enter")  # no note, no tags
            await pilot.pause()
            (running,) = store.running()
            await pilot.press("up")
            await pilot.pause()
            selected = app.main.query_one(TimersPane).selected_entry()
            assert selected is not None and store.entry(selected).no == running.no
            before = store.history(running.no)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, EntryModal)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), [
                str(e.render()) for e in app.screen.query(".error")]
            assert any(m.startswith("nothing changed") for m in messages(app))  # the form says so
        assert store.history(running.no) == before  # nothing was written
    finally:
        store.close()


async def test_t_t_discards_a_one_second_timer_and_u_keeps_it(home_store, clock):
    store = home_store
    store.create_project({"name": "Admin"})
    store.add_entry("Admin", clock.now().replace(hour=7), clock.now().replace(hour=8))
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")  # resume the selected entry's project
        (started,) = store.running()
        clock.advance(seconds=1)
        await pilot.press("t")
        await pilot.pause()
        assert store.running() == [] and store.entry(started.no).voided_at is not None
        assert any(m.startswith("discarded: ran 0:00:01 (< 1 min)") and m.endswith("; u to keep it")
                   for m in messages(app))
        await pilot.press("u")
        await pilot.pause()
        kept = store.entry(started.no)
        assert kept.current and kept.end == started.start + (clock.now() - started.start)
