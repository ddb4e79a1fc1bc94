"""The ``fcc`` command line.

``fcc`` alone opens the TUI; subcommands never import Textual. Every start (TUI or CLI, but
not the manual ``fcc db`` commands) brings the schema up to date first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from fcc.store.target import resolve_target
from fcc.store.visible import visible
from fcc.tui.cli.base import FccGroup, Options, fail, open_store, say

if TYPE_CHECKING:
    from fcc.store.api import Store


@click.group(cls=FccGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH|URL",
              help="SQLite file or postgresql:// URL (default: FCC_DATABASE_URL, FCC_DB, or the "
                   "user data folder).")
@click.option("--workspace", "-w", metavar="NAME",
              help="Keep a separate business apart (default: FCC_WORKSPACE or 'default').")
@click.version_option(package_name="fcc", prog_name="fcc")
@click.pass_context
def main(ctx: click.Context, db: str | None, workspace: str | None) -> None:
    """fcc — Freelancer Command Center: time, boards and 12-week plans in the terminal.

    Run without a command to open the app.
    """
    ctx.obj = Options(db, workspace)
    if ctx.invoked_subcommand is None:
        _need_terminal()  # before anything is opened or created
        store = open_store(ctx.obj)
        try:
            _run_tui(store)
        finally:
            store.close()


def _need_terminal() -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail("the app needs a terminal (stdin and stdout); the subcommands work anywhere, "
             "e.g. fcc status or fcc log", 2)


def _run_tui(store: Store) -> None:
    from fcc.store.configfile import app_settings
    from fcc.tui.app import make_app

    keymap, theme = app_settings()  # already checked by open_store: this only reads it again
    make_app(store, store.clock, keymap=keymap, theme=theme).run()


@main.command()
@click.option("--keep", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the demo database to this new file instead of a throwaway one.")
def demo(keep: Path | None) -> None:
    """Open the app on a fresh throwaway database filled with demo data."""
    import tempfile

    from fcc.store.api import Store
    from fcc.store.demo import seed_demo

    _need_terminal()  # before the demo is written
    with tempfile.TemporaryDirectory(prefix="fcc-demo-") as tmp:
        path = keep if keep is not None else Path(tmp) / "demo.db"
        if path.exists():
            fail(f"--keep: {path} exists; the demo writes a new file", 2)
        from fcc.store.config import load_config

        store = Store.open(resolve_target(str(path)),
                           overrides=load_config().setting_overrides())
        try:
            seed_demo(store)
            _run_tui(store)
        finally:
            store.close()


# --- fcc db -------------------------------------------------------------------------------


@main.group()
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


main.lazy = {  # type: ignore[attr-defined]
    **dict.fromkeys(
        ["client", "project", "start", "switch", "stop", "resume", "status", "add", "amend",
         "split", "break", "void", "undo", "log", "history", "config"], "fcc.tui.cli.entries"),
    "report": "fcc.tui.cli.reports",
    "export": "fcc.tui.cli.reports",
    "import": "fcc.tui.cli.imports",
}

if __name__ == "__main__":  # pragma: no cover
    main()
