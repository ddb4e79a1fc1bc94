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


def billing_options(command: Any) -> Any:
    """The flags of a client's invoice details (``client add`` and ``client set``)."""
    for option in reversed((
        click.option("--address", help="Postal address; \\n between lines, e.g. "
                     "'Main St 1\\n10115 Berlin'."),
        click.option("--tax-id", "tax_id", help="VAT or tax number, e.g. DE123456789."),
        click.option("--terms", metavar="DAYS",
                     help="Payment terms in days, 0-365 (none: the config file's default)."),
        click.option("--tax-rate", "tax_rate", metavar="PCT",
                     help="Tax on invoices in percent, e.g. 19 or 7.5 (none: no tax line)."),
        click.option("--reverse-charge/--no-reverse-charge", "reverse_charge", default=None,
                     help="Invoices say the client accounts for the tax (no tax charged)."),
        click.option("--needs-approval/--no-needs-approval", "needs_approval", default=None,
                     help="Invoice only approved timesheets (fcc approval submit)."),
    )):
        command = option(command)
    return command


def billing_values(address: str | None, tax_id: str | None, terms: str | None,
                   tax_rate: str | None, reverse_charge: bool | None,
                   needs_approval: bool | None) -> dict[str, Any]:
    """The billing flags given, under the store's names: ``\\n`` typed in --address is a new
    line; ``none`` clears the terms or the tax rate."""
    values: dict[str, Any] = {}
    if address is not None:
        values["address"] = address.replace("\\n", "\n")
    if tax_id is not None:
        values["tax_id"] = tax_id
    for key, text in (("payment_terms", terms), ("tax_rate", tax_rate)):
        if text is not None:
            values[key] = None if text.strip().lower() in ("", "none") else text
    for key, flag in (("reverse_charge", reverse_charge), ("needs_approval", needs_approval)):
        if flag is not None:
            values[key] = flag
    return values


@client_group.command("add")
@click.argument("name")
@click.option("--email", help="Billing email address.")
@click.option("--currency", default="EUR", show_default=True, help="ISO 4217 code, e.g. USD.")
@click.option("--rate", help="Default hourly rate, e.g. 95 or 87.50.")
@click.option("--rounding", help="Billing rule: none or MINUTES[:up|nearest|down[:entry|day]].")
@billing_options
@click.pass_obj
def client_add(opts: Options, name: str, email: str | None, currency: str, rate: str | None,
               rounding: str | None, **billing: Any) -> None:
    """Add a client.  Example: fcc client add Acme --rate 95 --currency EUR --rounding 15:up
    --tax-rate 19 --terms 14 --address 'Main St 1\\n10115 Berlin'"""
    with store_for(opts) as store:
        data: dict[str, Any] = {"name": name, "email": email, "currency": currency,
                                "hourly_rate": decimal_opt(rate, "--rate"),
                                **billing_values(**billing)}
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
@billing_options
@rerate_options
@click.pass_obj
def client_set(opts: Options, name: str, email: str | None, currency: str | None,
               rate: str | None, rounding: str | None, rerate_from: str | None,
               rerate_to: str | None, **billing: Any) -> None:
    """Change a client's rate, rounding, currency, email or invoice details.

    The invoice details apply to invoices issued from now on.
    Example: fcc client set Acme --rate 110 --rerate-from 2026-11-01
    """
    with store_for(opts) as store:
        set_and_say(store, "client", name,
                    {**given(email=email, currency=currency, hourly_rate=rate),
                     **billing_values(**billing)}, rounding, rerate_from, rerate_to)


COMMANDS: list[click.Command] = [client_group]
