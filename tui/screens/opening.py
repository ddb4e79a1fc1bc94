"""Opening the entry dialogs from the main screen: what a dialog shows is read first, on the
store's thread (the entry, the zone, the free time before now, the project names), and the
dialog opens with it; its own store call runs there too (see :mod:`fcc.tui.screens.forms`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from fcc.tui.storework import store_work

if TYPE_CHECKING:
    from typing import TypeAlias

    from fcc.store.api import Store
    from fcc.store.records import Entry
    from fcc.tui.screens.main import MainScreen
    from fcc.tui.screens.report_entries import ReportEntriesScreen

    EntryHost: TypeAlias = MainScreen | ReportEntriesScreen  # clock; changed() after a dialog


@dataclasses.dataclass(frozen=True)
class EntryForm:
    entry: Entry | None  # None: a new (past) entry
    zone: str
    projects: list[str]
    free: dict[str, dt.datetime]  # the add form's gap


def open_entry_form(main: EntryHost, action: str, entry_id: int | None) -> None:
    """``add``, ``amend``, ``split``, ``break`` or ``void`` (the entry ``entry_id``), from the
    main screen or the Reports pane's list of a line's entries (its ``changed`` follows)."""
    from fcc.tui.screens.entry_forms import gap

    now = main.clock.now()

    def read(store: Store) -> EntryForm:
        if action == "add":
            return EntryForm(None, store.prefs.zone, _projects(store), gap(store, now))
        assert entry_id is not None
        entry = store.entry(entry_id)  # gone meanwhile: NotFound, said in the one place
        projects = _projects(store) if action == "amend" else []
        return EntryForm(entry, entry.zone, projects, {})

    store_work(main).run(main, read, lambda form: _open(main, action, form))


def _projects(store: Store) -> list[str]:
    return [p.label for p in store.list_projects()]


def _open(main: EntryHost, action: str, form: EntryForm) -> None:
    from fcc.tui.screens.entry_forms import BreakModal, EntryModal, SplitModal, VoidModal

    clock = main.clock
    if action in ("add", "amend"):
        main.app.push_screen(EntryModal(clock, form.entry, zone=form.zone,
                                        projects=form.projects, free=form.free), main.changed)
        return
    assert form.entry is not None
    modal = {"split": SplitModal, "break": BreakModal, "void": VoidModal}[action]
    main.app.push_screen(modal(clock, form.entry), main.changed)


def ask_about_forgotten(main: MainScreen) -> None:
    """A timer left running past the limit: ask what to do with it (keep, stop, discard)."""

    def read(store: Store) -> tuple[Entry, dt.datetime] | None:
        forgotten = store.forgotten_timers()
        if not forgotten:
            return None
        entry = forgotten[0]
        seen = store.last_activity(entry.start, ignore_entry=entry.id)
        return entry, seen or entry.start

    def ask(found: tuple[Entry, dt.datetime] | None) -> None:
        if found is None:
            return
        from fcc.tui.screens.entry_forms import ForgottenModal

        main.app.push_screen(ForgottenModal(main.clock, *found), main.changed)

    store_work(main).run(main, read, ask, group="forgotten")
