"""``fcc project ...``: add, list, rename, merge, archive and set projects."""

from __future__ import annotations

from typing import Any

import click

from fcc.store.visible import json_text
from fcc.store.when import format_duration
from fcc.tui.cli import common
from fcc.tui.cli.base import FccGroup, Options, store_for
from fcc.tui.cli.common import rich_console, rich_table, user_text


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
                                "hourly_rate": common.decimal_opt(rate, "--rate"),
                                "budget_hours": common.decimal_opt(budget, "--budget")}
        common.add_and_say(store, "project", data, rounding)


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
        table = rich_table(None, [("id", "right"), ("project", "left"), ("rate", "right"),
                                   ("rounding", "left"), ("status", "left"), ("budget", "right"),
                                   ("used", "right"), ("left", "right")])
        for p in projects:
            b = budgets.get(p.id)
            left = b.remaining_seconds if b else None
            table.add_row(str(p.id), user_text(p.label + (" (archived)" if p.archived else "")),
                          str(p.hourly_rate or "-"), user_text(p.rounding or "inherit"),
                          user_text(p.status),
                          f"{p.budget_hours}h" if p.budget_hours is not None else "",
                          format_duration(b.used_seconds) if b else "",
                          ("" if left is None else format_duration(left) if left >= 0 else
                           f"[red]{format_duration(left)} over[/red]"))
        rich_console().print(table)


common.name_commands(project_group, "project", "project", {
    "rename": "Rename a project; all history follows.  "
              "Example: fcc project rename Acme/Web Website",
    "merge": "Count all time and cards of SOURCE for INTO.  "
             "Example: fcc project merge Web Website",
    "archive": "Archive a project (history stays).  Example: fcc project archive Acme/Website"})


@project_group.command("set")
@click.argument("project")
@click.option("--rate", help="New hourly rate (applies to entries started from now on); "
                             "'none' to use the client's.")
@click.option("--rounding", help="none, MINUTES[:up|nearest|down[:entry|day]] or inherit.")
@click.option("--budget", help="Hour budget; 'none' removes it.")
@click.option("--status", type=click.Choice(["active", "paused", "done"]))
@click.option("--client", help="Move the project to this client.")
@common.rerate_options
@click.pass_obj
def project_set(opts: Options, project: str, rate: str | None, rounding: str | None,
                budget: str | None, status: str | None, client: str | None,
                rerate_from: str | None, rerate_to: str | None) -> None:
    """Change a project's rate, rounding, budget, status or client.

    Example: fcc project set Acme/Website --rate 120 --rounding 6:up:entry
    """
    with store_for(opts) as store:
        changes = common.given(hourly_rate=rate, budget_hours=budget, status=status,
                               client=client)
        common.set_and_say(store, "project", project, changes, rounding, rerate_from, rerate_to)


COMMANDS: list[click.Command] = [project_group]
