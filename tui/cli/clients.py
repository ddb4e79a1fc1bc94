"""``fcc client ...``: add, list, rename, merge, archive and set clients."""

from __future__ import annotations

from typing import Any

import click

from fcc.store.visible import json_text
from fcc.tui.cli.base import FccGroup, Options, store_for
from fcc.tui.cli.common import (
    UNSET,
    decimal_opt,
    echo,
    rich_console,
    rich_table,
    rule_opt,
    user_text,
    when,
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
        table = rich_table(None, [("id", "right"), ("client", "left"), ("rate", "right"),
                                   ("currency", "left"), ("rounding", "left"), ("email", "left")])
        for c in clients:
            name = c.name + (" (archived)" if c.archived else "")
            table.add_row(str(c.id), user_text(name), str(c.hourly_rate or "-"),
                          user_text(c.currency), user_text(c.rounding or "default"),
                          user_text(c.email or ""))
        rich_console().print(table)


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
        if start is None:
            client = store.set_client(name, **kwargs)
            echo(f"changed client {client.name}")
            return
        client, rerated = store.set_client_rerated(name, start, end, **kwargs)
        echo(f"changed client {client.name}; {rerated.message}")


COMMANDS: list[click.Command] = [client_group]
