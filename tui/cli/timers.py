"""``fcc start``, ``switch``, ``stop``, ``resume`` and ``status``: the running timers."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.statusline import FIELD_LIST, render, template_problem
from fcc.store.visible import visible
from fcc.store.when import format_duration
from fcc.tui.cli.base import ID, Options, say, store_for
from fcc.tui.cli.common import WHEN_HELP, echo, local, said, when

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Entry


def _ask_about_forgotten(store: Store) -> bool:
    """A timer left running past the limit: ask (only on a terminal) what to do with it.
    True when the user stopped or discarded one here."""
    forgotten = store.forgotten_timers()
    if not forgotten or not sys.stdin.isatty():
        for entry in forgotten:
            say(f"fcc: note: {entry.project} has been running for "
                f"{format_duration(entry.seconds(store.clock.now()))}", err=True)
        return False
    acted = False
    for entry in forgotten:
        ran = format_duration(entry.seconds(store.clock.now()))
        choice = click.prompt(
            visible(f"{entry.project} has been running for {ran} (since "
                    f"{local(store, entry.start)}). [k]eep, [s]top at a time, or [d]iscard?"),
            type=click.Choice(["k", "s", "d"]), default="k", err=True)
        if choice == "s":
            text = click.prompt("stop at (e.g. 18:00 or 'yesterday 18:00')", err=True)
            echo(said(store.stop_timer(when(store, text, "stop at"), entry_id=entry.no)))
            acted = True
        elif choice == "d":
            echo(store.void_entry(entry.no, "discarded forgotten timer").message)
            acted = True
    return acted


@click.command("start")
@click.argument("project", required=False)
@click.option("--card", type=ID, help="A card (work item) id; its project is used if PROJECT "
                                       "is left out.")
@click.option("--note", default="", help="What you are doing.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable, or comma-separated).")
@click.option("--at", "at", metavar="WHEN", help=f"Start in the past: {WHEN_HELP}.")
@click.option("--parallel/--no-parallel", default=None,
              help="Keep the running timer going too (default: stop it at the same instant).")
@click.option("--no-billable", "not_billable", is_flag=True, help="Time that is not billed.")
@click.pass_obj
def start(opts: Options, project: str | None, card: int | None, note: str, tags: tuple[str, ...],
          at: str | None, parallel: bool | None, not_billable: bool) -> None:
    """Start a timer (the running one stops at the same instant).

    Example: fcc start Acme/Website --note 'login bug' --tag dev --at -10m
    """
    with store_for(opts) as store:
        _ask_about_forgotten(store)
        change = store.start_timer(project, card=card, note=note, tags=tags,
                                   at=when(store, at, "--at"), parallel=parallel,
                                   billable=False if not_billable else None)
        echo(said(change))


@click.command("switch")
@click.argument("project", required=False)
@click.option("--card", type=ID)
@click.option("--note", default="")
@click.option("--tag", "tags", multiple=True)
@click.option("--at", "at", metavar="WHEN", help=f"Switch at a past time: {WHEN_HELP}.")
@click.pass_obj
def switch(opts: Options, project: str | None, card: int | None, note: str,
           tags: tuple[str, ...], at: str | None) -> None:
    """Stop what runs and start on PROJECT at the same instant.  Example: fcc switch Admin"""
    with store_for(opts) as store:
        echo(said(store.start_timer(project, card=card, note=note, tags=tags,
                                    at=when(store, at, "--at"), parallel=False)))


@click.command("stop")
@click.option("--at", "at", metavar="WHEN", help=f"Stop in the past: {WHEN_HELP}.")
@click.option("--id", "entry_id", type=ID, help="Stop only this running entry.")
@click.pass_obj
def stop(opts: Options, at: str | None, entry_id: int | None) -> None:
    """Stop the running timer.  Example: fcc stop --at 17:30"""
    with store_for(opts, create=False) as store:
        if at is None and _ask_about_forgotten(store) and not store.running():
            return  # the forgotten timer was just stopped or discarded here: nothing is left
        # Stopped by another process meanwhile: stop_timer reads again under the write lock
        # and says that no timer is running (exit 1), as the quick path does.
        echo(said(store.stop_timer(when(store, at, "--at"), entry_id=entry_id)))


@click.command("resume")
@click.argument("entry_id", type=ID, required=False)
@click.option("--at", "at", metavar="WHEN", help=f"Resume from a past time: {WHEN_HELP}.")
@click.pass_obj
def resume(opts: Options, entry_id: int | None, at: str | None) -> None:
    """Start again on an entry's project, card, note and tags (default: the last one).

    Example: fcc resume 42
    """
    with store_for(opts) as store:
        if entry_id is None:
            recent = store.entries(store.clock.now() - dt.timedelta(days=60))
            if not recent:
                raise InvalidInput("ENTRY_ID", "an entry id (no recent entry to resume)")
            entry_id = recent[-1].no
        echo(said(store.resume(entry_id, at=when(store, at, "--at"))))


STATUS_FIELDS = FIELD_LIST


@click.command("status")
@click.option("--format", "template", metavar="TEMPLATE",
              help="e.g. '{project} {elapsed}'. Fields: " + STATUS_FIELDS + ".")
@click.pass_obj
def status(opts: Options, template: str | None) -> None:
    """What is running (for tmux / polybar); prints nothing and exits 1 when idle.

    Example: fcc status --format '{project} {elapsed} (today {today})'
    """
    with store_for(opts, create=False) as store:
        running = store.running()
        if not running:
            raise SystemExit(1)
        now = store.clock.now()
        today_s, week_s = store.status_totals(now)
        for entry in running:
            # fields are made visible in render_status; the template's own text stays as written
            # (color=True: click would strip them on a pipe; the quick path never does)
            click.echo(render_status(template, entry_fields(entry, now, store.prefs.zone),
                                     today_s, week_s, len(running)), color=True)


def entry_fields(entry: Entry, now: dt.datetime, zone: str) -> dict[str, Any]:
    from fcc.store.prefs import zone_info

    return {
        "project": entry.project, "client": entry.client or "",
        "card": f"#{entry.work_item_id}" if entry.work_item_id else "",
        "note": entry.note, "tags": ",".join(entry.tags),
        "elapsed_seconds": entry.seconds(now), "elapsed": format_duration(entry.seconds(now)),
        "start": entry.start.astimezone(zone_info(zone)).strftime("%H:%M"),
    }


def render_status(template: str | None, fields: dict[str, Any], today: int, week: int,
                  count: int) -> str:
    values = {**fields, "today": format_duration(today), "week": format_duration(week),
              "count": count}
    if template is None:
        card = " {card}" if values["card"] else ""
        return render("{project}" + card + " {elapsed} (today {today})", values)
    problem = template_problem(template)
    if problem is not None:
        raise InvalidInput("--format", problem, template)
    try:
        return render(template, values)
    except ValueError as exc:  # a spec that does not fit its field: {project:d}
        raise InvalidInput("--format", f"format specs that fit their fields ({exc}), e.g. "
                           "'{project:.20} {elapsed:>8}'", template) from exc


COMMANDS: list[click.Command] = [start, switch, stop, resume, status]
