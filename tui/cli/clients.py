"""``fcc client ...``: add, list, rename, merge, archive and set clients."""

from __future__ import annotations

from typing import Any

import click

from fcc.store.visible import json_text
from fcc.tui.cli.base import FccGroup, Options, store_for
from fcc.tui.cli.common import (
    add_and_say,
    decimal_opt,
    given,
    name_commands,
    rerate_options,
    rich_console,
    rich_table,
    set_and_say,
    user_text,
)


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
        add_and_say(store, "client", data, rounding)


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
        table = rich_table(None, [("id", "right"), ("client", "left"), ("rate", "right"),
                                   ("currency", "left"), ("rounding", "left"), ("email", "left")])
        for c in clients:
            name = c.name + (" (archived)" if c.archived else "")
            table.add_row(str(c.id), user_text(name), str(c.hourly_rate or "-"),
                          user_text(c.currency), user_text(c.rounding or "default"),
                          user_text(c.email or ""))
        rich_console().print(table)


name_commands(client_group, "client", "name", {
    "rename": "Rename a client; all history follows.  Example: fcc client rename Acme 'Acme GmbH'",
    "merge": "Move every project and entry of SOURCE to INTO.  Example: fcc client merge ACME Acme",
    "archive": "Archive a client and its projects (history stays).  "
               "Example: fcc client archive Acme"})


@client_group.command("set")
@click.argument("name")
@click.option("--email")
@click.option("--currency")
@click.option("--rate", help="New hourly rate (applies to entries started from now on).")
@click.option("--rounding", help="none, MINUTES[:up|nearest|down[:entry|day]] or inherit.")
@rerate_options
@click.pass_obj
def client_set(opts: Options, name: str, email: str | None, currency: str | None,
               rate: str | None, rounding: str | None, rerate_from: str | None,
               rerate_to: str | None) -> None:
    """Change a client's rate, rounding, currency or email.

    Example: fcc client set Acme --rate 110 --rerate-from 2026-11-01
    """
    with store_for(opts) as store:
        set_and_say(store, "client", name, given(email=email, currency=currency, hourly_rate=rate),
                    rounding, rerate_from, rerate_to)


COMMANDS: list[click.Command] = [client_group]
