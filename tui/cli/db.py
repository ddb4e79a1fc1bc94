"""``fcc db ...``: inspect and manage the database schema, backups and restores by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from fcc.store.visible import visible
from fcc.tui.cli.base import FccGroup, Options, fail, open_store, say


@click.group("db", cls=FccGroup)
def db() -> None:
    """Inspect and manage the database schema by hand."""


@db.command("status")
@click.pass_obj
def db_status(opts: Options) -> None:
    """Show where the database is, its schema version and what is pending."""
    target = opts.target()
    if target.path is not None and not target.path.exists():
        # Looking must not create: the file appears on the first real start.
        say(f"database:  {target.display} (not created yet; fcc creates it on first start)")
        return
    store = open_store(opts, migrate=False)
    try:
        status = store.migrator().status()
        say(f"database:  {store.target.display}")
        say(f"backend:   {store.backend}")
        say(f"workspace: {store.target.workspace}")
        say(f"schema:    version {status.current} of {status.latest}")
        for row in status.applied:
            say(f"  applied  {row.version:04d}_{row.name}")
        for ref in status.pending:
            say(f"  pending  {ref.label}")
        if store.target.path is not None:
            backups = store.backups()
            newest = f" (newest {backups[-1].name})" if backups else ""
            say(f"backups:   {len(backups)}{newest}")
    finally:
        store.close()


@db.command("check")
@click.pass_obj
def db_check(opts: Options) -> None:
    """Run SQLite's full integrity_check on the database; if it passes, clear a mark that
    says the file is damaged (fcc refuses a marked file)."""
    from fcc.store import faults

    target = opts.target()
    if target.path is None:
        fail("db check: check a PostgreSQL database with the server's own tools", 2)
    if not target.path.is_file():
        fail(f"db check: no database file at {target.path}", 2)
    cleared = faults.recheck(target.path)
    say(f"the database {target.path} passes SQLite's integrity_check")
    if cleared:
        say(f"the mark that called it damaged was removed ({faults.marker(target.path)})")


@db.command("upgrade")
@click.option("--to", "to", type=int, default=None, help="Stop at this version.")
@click.pass_obj
def db_upgrade(opts: Options, to: int | None) -> None:
    """Apply pending migrations (fcc also does this at every start)."""
    store = open_store(opts, migrate=False)
    try:
        run = store.migrator().upgrade(to)
        _report(run)
    finally:
        store.close()


@db.command("downgrade")
@click.option("--to", "to", type=int, required=True, help="The version to go back to (0: empty).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def db_downgrade(opts: Options, to: int, yes: bool) -> None:
    """Revert migrations down to version N (a backup is written first on SQLite)."""
    store = open_store(opts, migrate=False)
    try:
        current = store.migrator().status().current
        if to < current and not yes:
            notes = "".join(f"\n  {line}" for line in store.migrator().down_notes(to))
            click.confirm(
                visible(f"Revert {store.target.display} from version {current} to {to}?{notes}\n"
                        "Go ahead", keep="\n"), abort=True, err=True,
            )
        _report(store.migrator().downgrade(to))
    finally:
        store.close()


@db.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_obj
def db_backup(opts: Options, path: Path | None, force: bool) -> None:
    """Write a consistent copy of the SQLite database (default: next to it, rotated)."""
    store = open_store(opts, migrate=False)
    try:
        out = store.backup(path, force=force)
        say(f"backup written to {out}")
    finally:
        store.close()


@db.command("restore")
@click.argument("backup", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def db_restore(opts: Options, backup: Path, yes: bool) -> None:
    """Put BACKUP in place of the SQLite database (checked first; the replaced file is kept
    beside it as fcc.db.replaced-<UTC time>).

    Example: fcc db restore ~/.local/share/fcc/fcc.db.backup-20261201T090000Z-01-v3
    """
    from fcc.store.clock import SystemClock
    from fcc.store.restore import check_backup, kept_name, restore

    target = opts.target()
    if target.path is None:
        fail("db restore: restore a PostgreSQL database with pg_restore", 2)
    version = check_backup(target.path, backup)
    now = SystemClock().now()
    if not yes and target.path.exists():
        click.confirm(
            visible(f"Replace {target.path} with {backup} (schema version {version})? The "
                    f"current file is kept as {kept_name(target.path, now).name}"),
            abort=True, err=True)
    done = restore(target.path, backup, now)
    say(f"restored {done.database} from {done.backup} (schema version {done.version})")
    if done.kept_as is not None:
        say(f"the file it replaced is kept as {done.kept_as}")


def _report(run: Any) -> None:
    if not run.migrations:
        say(f"already at version {run.to_version}; nothing to do")
        return
    verb = "applied" if run.direction == "up" else "reverted"
    for name in run.migrations:
        say(f"{verb} {name}")
    say(f"schema is now at version {run.to_version}")
    if run.backup:
        say(f"backup from before: {run.backup}")


COMMANDS: list[click.Command] = [db]
