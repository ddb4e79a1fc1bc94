"""The ``fcc`` command line.

``fcc`` alone opens the TUI; subcommands never import Textual. Every start (TUI or CLI, but
not the manual ``fcc db`` commands) brings the schema up to date first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fcc.store.target import resolve_target
from fcc.tui.cli.base import FccGroup, Options, fail, open_store

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

        config = load_config()
        store = Store.open(resolve_target(str(path)), overrides=config.setting_overrides())
        store.billing = config.billing()
        if not store.billing.seller.name:  # the demo's freelancer issues its invoices
            from fcc.store.demo_billing import demo_seller
            from fcc.store.recordtype import replace

            store.billing = replace(store.billing, seller=demo_seller())
        try:
            seed_demo(store)
            _run_tui(store)
        finally:
            store.close()


main.lazy = {
    "client": "fcc.tui.cli.clients",
    "project": "fcc.tui.cli.projects",
    "board": "fcc.tui.cli.boards",
    "card": "fcc.tui.cli.cards",
    "sprint": "fcc.tui.cli.sprints",
    "plan": "fcc.tui.cli.plans",
    "context": "fcc.tui.cli.context",
    **dict.fromkeys(["start", "switch", "stop", "resume", "status"], "fcc.tui.cli.timers"),
    **dict.fromkeys(["add", "amend", "split", "break", "void", "undo", "log", "history"],
                    "fcc.tui.cli.entries"),
    "config": "fcc.tui.cli.config",
    "db": "fcc.tui.cli.db",
    "report": "fcc.tui.cli.reports",
    "export": "fcc.tui.cli.reports",
    "import": "fcc.tui.cli.imports",
    "approval": "fcc.tui.cli.approvals",
    "invoice": "fcc.tui.cli.invoices",
    "activity": "fcc.tui.cli.activity",
}

if __name__ == "__main__":  # pragma: no cover
    main()
