"""``fcc add``, ``amend``, ``split``, ``break``, ``void``, ``undo``, ``log`` and ``history``:
the entries, their corrections and their listing.

Every command opens the store (applying pending migrations), does one store verb and prints
one line saying what changed. Times are read and shown in the user's zone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.when import format_duration
from fcc.tui.cli.base import ID, Options, store_for
from fcc.tui.cli.common import (
    WHEN_HELP,
    echo,
    length,
    local,
    when,
)
from fcc.tui.readout import LOG_FORMATS, print_log

if TYPE_CHECKING:
    pass

_WITH_SECONDS = re.compile(r"\d:\d\d:\d\d")  # 9:00:45, 2026-11-20T09:00:45Z


@click.command("add")
@click.argument("project", required=False)
@click.option("--from", "start", metavar="WHEN", required=True, help=f"Start: {WHEN_HELP}.")
@click.option("--to", "end", metavar="WHEN", help="End (or give --duration).")
@click.option("--duration", help="Length, e.g. 1h30m, 90m or 1.5h.")
@click.option("--card", type=ID)
@click.option("--note", default="")
@click.option("--tag", "tags", multiple=True)
@click.option("--no-billable", "not_billable", is_flag=True)
@click.option("--allow-overlap", is_flag=True, help="Keep it even if it overlaps an entry.")
@click.pass_obj
def add(opts: Options, project: str | None, start: str, end: str | None,
        duration: str | None, card: int | None, note: str, tags: tuple[str, ...],
        not_billable: bool, allow_overlap: bool) -> None:
    """Add a past entry.  Example: fcc add Acme/Website --from 'yesterday 9:00' --to 12:30"""
    with store_for(opts) as store:
        begin = when(store, start, "--from")
        assert begin is not None
        if (end is None) == (duration is None):
            raise InvalidInput("--to", "either --to WHEN or --duration (e.g. --duration 1h30m)")
        try:
            stop_at = when(store, end, "--to") if end is not None else \
                begin + (length(duration, "--duration") or dt.timedelta())
        except OverflowError:  # past 9999-12-31: beyond the range of times fcc accepts
            raise InvalidInput("--duration", "an end before 9999-12-31", duration) from None
        assert stop_at is not None
        echo(store.add_entry(project, begin, stop_at, card=card, note=note, tags=tags,
                             billable=False if not_billable else None,
                             allow_overlap=allow_overlap).message)


@click.command("amend")
@click.argument("entry_id", type=ID)
@click.option("--from", "start", metavar="WHEN", help="New start.")
@click.option("--to", "end", metavar="WHEN", help="New end.")
@click.option("--project")
@click.option("--card", type=ID)
@click.option("--no-card", is_flag=True, help="Detach the entry from its card.")
@click.option("--note", help="Replace the note.")
@click.option("--append-note", help="Add to the note.")
@click.option("--tag", "tags", multiple=True, help="Replace the tags (repeatable).")
@click.option("--billable/--no-billable", default=None)
@click.option("--allow-overlap", is_flag=True)
@click.pass_obj
def amend(opts: Options, entry_id: int, start: str | None, end: str | None, project: str | None,
          card: int | None, no_card: bool, note: str | None, append_note: str | None,
          tags: tuple[str, ...], billable: bool | None, allow_overlap: bool) -> None:
    """Correct an entry; the old version stays in its history.

    Example: fcc amend 42 --from 9:15 --note 'standup + review'
    """
    if card is not None and no_card:
        raise InvalidInput("--no-card", "either --card ID or --no-card, not both")
    if note is not None and append_note is not None:
        raise InvalidInput("--append-note", "either --note TEXT or --append-note TEXT, not both")
    with store_for(opts) as store:
        kwargs: dict[str, Any] = {}
        if start is not None:
            kwargs["start"] = when(store, start, "--from")
        if end is not None:
            kwargs["end"] = when(store, end, "--to")
        if project is not None:
            kwargs["project"] = project
        if card is not None:
            kwargs["card"] = card
        if no_card:
            kwargs["card"] = None
        if note is not None:
            kwargs["note"] = note
        if append_note is not None:
            old = store.entry(entry_id).note
            kwargs["note"] = f"{old}\n{append_note}" if old else append_note
        if tags:
            kwargs["tags"] = tags
        if billable is not None:
            kwargs["billable"] = billable
        if not kwargs and not allow_overlap:
            raise InvalidInput("amend", "something to change, e.g. --from 9:15 or --note TEXT")
        # a time typed without seconds, as `fcc log` shows it, keeps the seconds of its minute
        minutes = [name for name, text in (("start", start), ("end", end))
                   if text is not None and not _WITH_SECONDS.search(text)]
        echo(store.amend_entry(entry_id, allow_overlap=allow_overlap, to_the_minute=minutes,
                               **kwargs).message)


@click.command("split")
@click.argument("entry_id", type=ID)
@click.option("--at", "at", metavar="WHEN", required=True, help="Where to cut.")
@click.pass_obj
def split(opts: Options, entry_id: int, at: str) -> None:
    """Cut an entry in two.  Example: fcc split 42 --at 12:00"""
    with store_for(opts) as store:
        cut = when(store, at, "--at")
        assert cut is not None
        echo(store.split_entry(entry_id, cut).message)


@click.command("break")
@click.argument("entry_id", type=ID)
@click.option("--from", "start", metavar="WHEN", required=True, help="When the break began.")
@click.option("--to", "end", metavar="WHEN", help="When it ended (or --duration).")
@click.option("--duration", help="e.g. 45m")
@click.pass_obj
def take_break(opts: Options, entry_id: int, start: str, end: str | None,
               duration: str | None) -> None:
    """Take a break out of an entry ("forgot to stop for lunch").

    Example: fcc break 42 --from 12:30 --duration 45m
    """
    with store_for(opts) as store:
        begin = when(store, start, "--from")
        assert begin is not None
        echo(store.insert_break(entry_id, begin, when(store, end, "--to"),
                                duration=length(duration, "--duration")).message)


@click.command("void")
@click.argument("entry_id", type=ID)
@click.option("--reason", required=True, help="Why (kept with the entry).")
@click.pass_obj
def void(opts: Options, entry_id: int, reason: str) -> None:
    """Void an entry (it stays in history, never deleted).  Example: fcc void 42 --reason dup"""
    with store_for(opts) as store:
        echo(store.void_entry(entry_id, reason).message)


@click.command("undo")
@click.pass_obj
def undo(opts: Options) -> None:
    """Undo the last change and say what it was.  Example: fcc undo"""
    with store_for(opts, create=False) as store:
        echo(store.undo().message)


@click.command("log")
@click.option("--from", "start", metavar="WHEN", help="Default: 7 days ago.")
@click.option("--to", "end", metavar="WHEN", help="Default: now.")
@click.option("--project")
@click.option("--client")
@click.option("--history", is_flag=True, help="Include superseded and voided versions.")
@click.option("--format", "fmt", type=click.Choice(LOG_FORMATS), default="table")
@click.option("--no-formula-guard", "no_guard", is_flag=True,
              help="CSV: write cells exactly as stored, without the ' fcc puts before a text "
                   "cell starting with =, +, -, @, tab or CR (a spreadsheet formula).")
@click.pass_obj
def log(opts: Options, start: str | None, end: str | None, project: str | None,
        client: str | None, history: bool, fmt: str, no_guard: bool) -> None:
    """List entries, grouped by day with totals.  Example: fcc log --from monday --format json"""
    with store_for(opts, create=False) as store:
        now = store.clock.now()
        begin = when(store, start, "--from") or now - dt.timedelta(days=7)
        # (up to the end of this second: a timer started in it is listed too)
        stop_at = when(store, end, "--to") or now + dt.timedelta(seconds=1)
        entries = store.entries(begin, stop_at, include_history=history, project=project,
                                client=client)
        print_log(entries, now, store.prefs.zone, fmt, guard=not no_guard)


@click.command("history")
@click.argument("entry_id", type=ID)
@click.pass_obj
def history(opts: Options, entry_id: int) -> None:
    """Every version of an entry, oldest first, each with its version number.

    The part after a split or a break is an entry of its own; its history starts with the
    version of the entry it was cut from.  Example: fcc history 42
    """
    with store_for(opts, create=False) as store:
        now = store.clock.now()
        number = store.entry(entry_id).no
        for e in store.history(entry_id):
            state = (f"the version of entry {e.no} it was cut from" if e.no != number
                     else "current" if e.current else f"voided: {e.void_reason}" if e.voided_at
                     else f"replaced by version {e.superseded_by}")
            end = local(store, e.end, "%H:%M") if e.end else "running"
            echo(f"{e.no:>6}  version {e.id:<6}  {local(store, e.start)}–{end}  "
                 f"{format_duration(e.seconds(now)):>6}  {e.project}  {e.note!r}  [{state}]")


COMMANDS: list[click.Command] = [add, amend, split, take_break, void, undo, log, history]
