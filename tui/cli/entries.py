"""``fcc`` commands for clients, projects, timers and entries.

Every command opens the store (applying pending migrations), does one store verb and prints
one line saying what changed. Times are read and shown in the user's zone.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.statusline import FIELD_LIST, render, template_problem
from fcc.store.visible import TerminalText, json_text, visible
from fcc.store.when import format_duration, format_local
from fcc.tui.cli.base import ID, FccGroup, Options, say, store_for

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Change, Entry

UNSET: Any = object()
WHEN_HELP = "17:30, 'yesterday 9:00', '2026-11-20 14:00', ISO 8601 or -15m"


def when(store: Store, text: str | None, field: str) -> dt.datetime | None:
    if text is None:
        return None
    from fcc.store.when import parse_when

    return parse_when(text, now=store.clock.now(), zone=store.prefs.zone, field=field)


def length(text: str | None, field: str) -> dt.timedelta | None:
    if text is None:
        return None
    from fcc.store.when import parse_duration

    return parse_duration(text, field=field)


def decimal_opt(value: str | None, field: str) -> Decimal | None:
    """A rate (``--rate``) or an hour budget (``--budget``) in what the database holds;
    ``none`` or nothing is None."""
    if value is None or value.strip().lower() in {"", "none"}:
        return None
    from fcc.store.bounds import BUDGET_EXPECTED, BUDGET_MAX, parse_amount

    if field == "--budget":
        return parse_amount(value, field, maximum=BUDGET_MAX, expected=BUDGET_EXPECTED)
    return parse_amount(value, field)


def rule_opt(value: str | None) -> Any:
    if value is None:
        return UNSET
    if value.strip().lower() == "inherit":
        return None
    from fcc.store.rounding import parse_rounding

    return parse_rounding(value)


echo = say  # every message goes through visible()


_WITH_SECONDS = re.compile(r"\d:\d\d:\d\d")  # 9:00:45, 2026-11-20T09:00:45Z


def said(change: Change) -> str:
    """A change's message, with how to get back a timer it discarded for running too briefly."""
    return change.message + ("; fcc undo keeps it" if change.discarded else "")


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, emoji=False)


def _table(title: str | None, columns: list[tuple[str, str]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    return table


def _text(value: str) -> Any:
    """User text shown literally: markup such as [bold] is not interpreted."""
    from rich.text import Text

    return Text(visible(value))


# --- clients -------------------------------------------------------------------------------


@click.group("client", cls=FccGroup)
def client_group() -> None:
    """Add, list, rename, merge and archive clients."""


@client_group.command("add")
@click.argument("name")
@click.option("--email", help="Billing email address.")
@click.option("--currency", default="EUR", show_default=True, help="ISO 4217 code, e.g. USD.")
@click.option("--rate", help="Default hourly rate, e.g. 95 or 87.50.")
@click.option("--rounding", help="Billing rule: none or MINUTES[:up|nearest|down[:entry|day]].")
@click.pass_obj
def client_add(opts: Options, name: str, email: str | None, currency: str, rate: str | None,
               rounding: str | None) -> None:
    """Add a client.  Example: fcc client add Acme --rate 95 --currency EUR --rounding 15:up"""
    with store_for(opts) as store:
        data: dict[str, Any] = {"name": name, "email": email, "currency": currency,
                                "hourly_rate": decimal_opt(rate, "--rate")}
        if rounding is not None:
            data["rounding"] = rounding
        client = store.create_client(data)
        echo(f"added client {client.name} (id {client.id})")


@client_group.command("list")
@click.option("--all", "include_all", is_flag=True, help="Include archived clients.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def client_list(opts: Options, include_all: bool, fmt: str) -> None:
    """List clients.  Example: fcc client list --all"""
    from fcc.store.records import as_dict

    with store_for(opts, create=False) as store:
        clients = store.list_clients(include_archived=include_all)
        if fmt == "json":
            click.echo(json_text([as_dict(c) for c in clients], indent=2))
            return
        table = _table(None, [("id", "right"), ("client", "left"), ("rate", "right"),
                              ("currency", "left"), ("rounding", "left"), ("email", "left")])
        for c in clients:
            name = c.name + (" (archived)" if c.archived else "")
            table.add_row(str(c.id), _text(name), str(c.hourly_rate or "-"), _text(c.currency),
                          _text(c.rounding or "default"), _text(c.email or ""))
        _console().print(table)


@client_group.command("rename")
@click.argument("name")
@click.argument("new_name")
@click.pass_obj
def client_rename(opts: Options, name: str, new_name: str) -> None:
    """Rename a client; all history follows.  Example: fcc client rename Acme 'Acme GmbH'"""
    with store_for(opts) as store:
        client = store.rename_client(name, new_name)
        echo(f"renamed client {name} to {client.name}")


@client_group.command("merge")
@click.argument("source")
@click.argument("into")
@click.pass_obj
def client_merge(opts: Options, source: str, into: str) -> None:
    """Move every project and entry of SOURCE to INTO.  Example: fcc client merge ACME Acme"""
    with store_for(opts) as store:
        client = store.merge_client(source, into)
        echo(f"merged client {source} into {client.name}")


@client_group.command("archive")
@click.argument("name")
@click.option("--restore", is_flag=True, help="Unarchive instead.")
@click.pass_obj
def client_archive(opts: Options, name: str, restore: bool) -> None:
    """Archive a client and its projects (history stays).  Example: fcc client archive Acme"""
    with store_for(opts) as store:
        client = store.archive_client(name, archived=not restore)
        echo(f"{'unarchived' if restore else 'archived'} client {client.name}")


@client_group.command("set")
@click.argument("name")
@click.option("--email")
@click.option("--currency")
@click.option("--rate", help="New hourly rate (applies to entries started from now on).")
@click.option("--rounding", help="none, MINUTES[:up|nearest|down[:entry|day]] or inherit.")
@click.option("--rerate-from", metavar="WHEN", help="Also re-rate entries from WHEN.")
@click.option("--rerate-to", metavar="WHEN", help="...up to WHEN (default: now).")
@click.pass_obj
def client_set(opts: Options, name: str, email: str | None, currency: str | None,
               rate: str | None, rounding: str | None, rerate_from: str | None,
               rerate_to: str | None) -> None:
    """Change a client's rate, rounding, currency or email.

    Example: fcc client set Acme --rate 110 --rerate-from 2026-11-01
    """
    with store_for(opts) as store:
        kwargs: dict[str, Any] = {}
        if email is not None:
            kwargs["email"] = email
        if currency is not None:
            kwargs["currency"] = currency
        if rate is not None:
            kwargs["hourly_rate"] = decimal_opt(rate, "--rate")
        rule = rule_opt(rounding)
        if rule is not UNSET:
            kwargs["rounding"] = rule
        start = when(store, rerate_from, "--rerate-from")
        end = when(store, rerate_to, "--rerate-to") or store.clock.now()
        with store.change("client set"):
            client = store.set_client(name, **kwargs)
            if start is not None:
                rerated = store.rerate(client=client.name, start=start, end=end)
        echo(f"changed client {client.name}" + (f"; {rerated.message}" if start else ""))


# --- projects ------------------------------------------------------------------------------


@click.group("project", cls=FccGroup)
def project_group() -> None:
    """Add, list, rename, merge and archive projects (name them PROJECT or CLIENT/PROJECT)."""


@project_group.command("add")
@click.argument("name")
@click.option("--client", help="The client it belongs to.")
@click.option("--rate", help="Hourly rate (else the client's).")
@click.option("--rounding", help="none or MINUTES[:up|nearest|down[:entry|day]] (else the "
                                 "client's rule).")
@click.option("--budget", help="Hour budget, e.g. 40.")
@click.pass_obj
def project_add(opts: Options, name: str, client: str | None, rate: str | None,
                rounding: str | None, budget: str | None) -> None:
    """Add a project.  Example: fcc project add Website --client Acme --budget 40"""
    with store_for(opts) as store:
        data: dict[str, Any] = {"name": name, "client": client,
                                "hourly_rate": decimal_opt(rate, "--rate"),
                                "budget_hours": decimal_opt(budget, "--budget")}
        if rounding is not None:
            data["rounding"] = rounding
        project = store.create_project(data)
        echo(f"added project {project.label} (id {project.id})")


@project_group.command("list")
@click.option("--all", "include_all", is_flag=True, help="Include archived projects.")
@click.option("--client", help="Only this client's projects.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def project_list(opts: Options, include_all: bool, client: str | None, fmt: str) -> None:
    """List projects with rates, rounding and budgets.  Example: fcc project list --client Acme"""
    from fcc.store.records import as_dict

    with store_for(opts, create=False) as store:
        projects = store.list_projects(include_archived=include_all, client=client)
        budgets = {b.project_id: b for b in store.budgets()}
        if fmt == "json":
            rows = []
            for p in projects:
                row = as_dict(p)
                b = budgets.get(p.id)
                row["budget_used_seconds"] = b.used_seconds if b else None
                row["budget_remaining_seconds"] = b.remaining_seconds if b else None
                rows.append(row)
            click.echo(json_text(rows, indent=2))
            return
        table = _table(None, [("id", "right"), ("project", "left"), ("rate", "right"),
                              ("rounding", "left"), ("status", "left"), ("budget", "right"),
                              ("used", "right"), ("left", "right")])
        for p in projects:
            b = budgets.get(p.id)
            left = b.remaining_seconds if b else None
            table.add_row(str(p.id), _text(p.label + (" (archived)" if p.archived else "")),
                          str(p.hourly_rate or "-"), _text(p.rounding or "inherit"), _text(p.status),
                          f"{p.budget_hours}h" if p.budget_hours is not None else "",
                          format_duration(b.used_seconds) if b else "",
                          ("" if left is None else
                           (format_duration(left) if left >= 0 else f"[red]{format_duration(left)} over[/red]")))
        _console().print(table)


@project_group.command("rename")
@click.argument("project")
@click.argument("new_name")
@click.pass_obj
def project_rename(opts: Options, project: str, new_name: str) -> None:
    """Rename a project; all history follows.  Example: fcc project rename Acme/Web Website"""
    with store_for(opts) as store:
        renamed = store.rename_project(project, new_name)
        echo(f"renamed project {project} to {renamed.label}")


@project_group.command("merge")
@click.argument("source")
@click.argument("into")
@click.pass_obj
def project_merge(opts: Options, source: str, into: str) -> None:
    """Count all time and cards of SOURCE for INTO.  Example: fcc project merge Web Website"""
    with store_for(opts) as store:
        merged = store.merge_project(source, into)
        echo(f"merged project {source} into {merged.label}")


@project_group.command("archive")
@click.argument("project")
@click.option("--restore", is_flag=True, help="Unarchive instead.")
@click.pass_obj
def project_archive(opts: Options, project: str, restore: bool) -> None:
    """Archive a project (history stays).  Example: fcc project archive Acme/Website"""
    with store_for(opts) as store:
        done = store.archive_project(project, archived=not restore)
        echo(f"{'unarchived' if restore else 'archived'} project {done.label}")


@project_group.command("set")
@click.argument("project")
@click.option("--rate", help="New hourly rate (applies to entries started from now on); "
                             "'none' to use the client's.")
@click.option("--rounding", help="none, MINUTES[:up|nearest|down[:entry|day]] or inherit.")
@click.option("--budget", help="Hour budget; 'none' removes it.")
@click.option("--status", type=click.Choice(["active", "paused", "done"]))
@click.option("--client", help="Move the project to this client.")
@click.option("--rerate-from", metavar="WHEN", help="Also re-rate entries from WHEN.")
@click.option("--rerate-to", metavar="WHEN", help="...up to WHEN (default: now).")
@click.pass_obj
def project_set(opts: Options, project: str, rate: str | None, rounding: str | None,
                budget: str | None, status: str | None, client: str | None,
                rerate_from: str | None, rerate_to: str | None) -> None:
    """Change a project's rate, rounding, budget, status or client.

    Example: fcc project set Acme/Website --rate 120 --rounding 6:up:entry
    """
    with store_for(opts) as store:
        kwargs: dict[str, Any] = {}
        if rate is not None:
            kwargs["hourly_rate"] = decimal_opt(rate, "--rate")
        if budget is not None:
            kwargs["budget_hours"] = decimal_opt(budget, "--budget")
        if status is not None:
            kwargs["status"] = status
        if client is not None:
            kwargs["client"] = client
        rule = rule_opt(rounding)
        if rule is not UNSET:
            kwargs["rounding"] = rule
        start = when(store, rerate_from, "--rerate-from")
        end = when(store, rerate_to, "--rerate-to") or store.clock.now()
        with store.change("project set"):
            changed = store.set_project(project, **kwargs)
            if start is not None:
                rerated = store.rerate(project=changed.label, start=start, end=end)
        echo(f"changed project {changed.label}" + (f"; {rerated.message}" if start else ""))


# --- timers --------------------------------------------------------------------------------


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
                    f"{_local(store, entry.start)}). [k]eep, [s]top at a time, or [d]iscard?"),
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
        today_s, week_s = status_totals(store, now)
        for entry in running:
            # fields are made visible in render_status; the template's own text stays as written
            # (color=True: click would strip them on a pipe; the quick path never does)
            click.echo(render_status(template, entry_fields(entry, now, store.prefs.zone),
                                     today_s, week_s, len(running)), color=True)


def status_totals(store: Store, now: dt.datetime) -> tuple[int, int]:
    """Today's and this week's seconds, by the quick path's own definition (one function)."""
    from fcc.store.quick import tracked_today_and_week, week_window

    _, week_lo, hi = week_window(store.prefs, now)
    entries = store.entries(dt.datetime.fromtimestamp(week_lo, dt.UTC),
                            dt.datetime.fromtimestamp(hi, dt.UTC))
    spans = [(int(e.start.timestamp()), None if e.end is None else int(e.end.timestamp()))
             for e in entries]
    return tracked_today_and_week(spans, store.prefs, now)


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
    values = {**fields, "today": format_duration(today), "week": format_duration(week), "count": count}
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


# --- entries -------------------------------------------------------------------------------


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


LOG_FIELDS = ("id", "date", "start", "end", "duration", "project", "card", "note", "tags",
              "billable", "status")


@click.command("log")
@click.option("--from", "start", metavar="WHEN", help="Default: 7 days ago.")
@click.option("--to", "end", metavar="WHEN", help="Default: now.")
@click.option("--project")
@click.option("--client")
@click.option("--history", is_flag=True, help="Include superseded and voided versions.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
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
        rows = [_log_row(store, e, now) for e in entries]
        if fmt == "json":
            click.echo(json_text(rows, indent=2))
        elif fmt == "csv":
            import csv

            from fcc.store.csvcells import guard_row

            writer = csv.DictWriter(TerminalText(sys.stdout), fieldnames=list(rows[0]) if rows else
                                    ["id"], lineterminator="\n")
            writer.writeheader()
            for row in rows:
                cells = {**row, "tags": ",".join(row["tags"])}
                writer.writerow(guard_row(cells, formulas=not no_guard))
        else:
            _print_log(store, entries, now)


def _local(store: Store, instant: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return format_local(instant, store.prefs.zone, fmt)


def _log_row(store: Store, e: Entry, now: dt.datetime) -> dict[str, Any]:
    from fcc.store.limits import iso_z

    def z(instant: dt.datetime | None) -> str | None:
        return None if instant is None else iso_z(instant)

    return {
        "id": e.no, "uuid": e.uuid, "client": e.client, "project": e.project,
        "card": e.work_item_id, "card_title": e.work_item, "start": z(e.start), "end": z(e.end),
        "zone": e.zone, "seconds": e.seconds(now), "note": e.note, "tags": list(e.tags),
        "billable": e.billable, "rate": None if e.rate is None else str(e.rate),
        "currency": e.currency, "invoice_ref": e.invoice_ref,
        "status": "running" if e.running else "voided" if e.voided_at else
        "superseded" if e.superseded_by else "ok",
        "superseded_by": e.superseded_by, "void_reason": e.void_reason,
        "version": e.id,  # the row: several per id with --history; superseded_by names one
    }


def _print_log(store: Store, entries: list[Entry], now: dt.datetime) -> None:
    from itertools import groupby

    console = _console()
    if not entries:
        console.print("no entries in this range")
        return
    tz = store.prefs.tz
    for day, group in groupby(entries, key=lambda e: e.start.astimezone(tz).date()):
        items = list(group)
        total = sum(e.seconds(now) for e in items if e.current)
        table = _table(f"{day:%A %Y-%m-%d}  total {format_duration(total)}",
                       [("id", "right"), ("time", "left"), ("dur", "right"),
                        ("project", "left"), ("card", "right"), ("note", "left"),
                        ("tags", "left")])
        for e in items:
            end = _local(store, e.end, "%H:%M") if e.end else "running"
            mark = "" if e.current else (" voided" if e.voided_at else " old")
            if not e.billable:
                mark += " nb"
            table.add_row(f"{e.no}{mark}", f"{_local(store, e.start, '%H:%M')}–{end}",
                          format_duration(e.seconds(now)), _text(e.project),
                          str(e.work_item_id or ""), _text(e.note.replace("\n", " / ")),
                          _text(",".join(e.tags)))
        console.print(table)


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
            end = _local(store, e.end, "%H:%M") if e.end else "running"
            echo(f"{e.no:>6}  version {e.id:<6}  {_local(store, e.start)}–{end}  "
                 f"{format_duration(e.seconds(now)):>6}  {e.project}  {e.note!r}  [{state}]")


@click.command("config")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Remove KEY (back to its default).")
@click.option("--path", "show_path", is_flag=True,
              help="Print where the config file is (FCC_CONFIG, or the user config folder).")
@click.pass_obj
def config(opts: Options, key: str | None, value: str | None, unset: bool,
           show_path: bool) -> None:
    """Show or change settings kept in the database (zone, week_start, rounding, currency,
    forgotten_after_hours, allow_parallel, min_entry_seconds).  The [time] table of the config file (see --path)
    wins over them on this machine.  Example: fcc config week_start sunday"""
    if show_path:
        if key is not None or unset:
            given = " ".join(x for x in (key, value, "--unset" if unset else None) if x)
            raise InvalidInput("--path", "nothing beside it (no KEY, VALUE or --unset)", given)
        from fcc.store.configfile import config_path

        echo(str(config_path()))
        return
    with store_for(opts, create=unset or value is not None) as store:
        if key is None:
            prefs = store.prefs
            from fcc.store.prefs import WEEKDAYS

            shown = {
                "zone": prefs.zone,
                "week_start": WEEKDAYS[prefs.week_start],
                "forgotten_after_hours": f"{prefs.forgotten_after.total_seconds() / 3600:g}",
                "allow_parallel": str(prefs.allow_parallel).lower(),
                "currency": prefs.currency,
                "rounding": str(prefs.rounding),
                "min_entry_seconds": str(prefs.min_entry_seconds),
            }
            for name, text in shown.items():
                mark = " (config file)" if name in store.overrides else ""
                echo(f"{name:<21} {text}{mark}")
            return
        if unset:
            store.unset_setting(key)
            echo(f"unset {key}")
        elif value is None:
            echo(store.settings().get(key, "(default)"))
        else:
            store.set_setting(key, value)
            echo(f"set {key} to {value}")
        if key in store.overrides:
            from fcc.store.configfile import config_path

            say(f"fcc: note: {key} is {store.overrides[key]} on this machine: the config "
                       f"file {config_path()} sets it", err=True)


COMMANDS: list[click.Command] = [
    client_group, project_group, start, switch, stop, resume, status, add, amend, split,
    take_break, void, undo, log, history, config,
]
