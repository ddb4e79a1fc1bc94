"""``fcc project ...``: add, list, rename, merge, archive and set projects."""

from __future__ import annotations

from typing import Any

import click

from fcc.store.visible import json_text
from fcc.store.when import format_duration
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
        if start is None:
            changed = store.set_project(project, **kwargs)
            echo(f"changed project {changed.label}")
            return
        changed, rerated = store.set_project_rerated(project, start, end, **kwargs)
        echo(f"changed project {changed.label}; {rerated.message}")


COMMANDS: list[click.Command] = [project_group]
