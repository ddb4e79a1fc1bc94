"""What every ``fcc`` command shares: options, opening the store, one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import click

from fcc.store.errors import FccError
from fcc.store.target import Target, keep_pg_driver_out, resolve_target

if TYPE_CHECKING:
    from fcc.store.api import Store


@dataclass
class Options:
    db: str | None
    workspace: str | None

    def target(self) -> Target:
        return resolve_target(self.db, self.workspace)


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"fcc: error: {message}", err=True)
    raise SystemExit(code)


def config_overrides() -> dict[str, str]:
    """The config file's ``[time]`` settings; without a file pydantic is not even imported.
    A bad file raises ``ConfigError`` (exit 2) before anything is opened or written."""
    from fcc.store.configfile import config_path

    if not config_path().exists():
        return {}
    from fcc.store.config import load_config

    return load_config().setting_overrides()


def open_store(opts: Options, *, migrate: bool = True) -> Store:
    """The store for a command. ``migrate=False`` is for the ``fcc db`` commands, which use no
    settings: they skip the config file, so a broken one never stands between a user and
    ``fcc db backup`` (or the upgrade that may be what fixes things)."""
    target = opts.target()
    overrides = config_overrides() if migrate else {}
    keep_pg_driver_out(target)
    from fcc.store.api import Store

    store = Store.open(target, migrate=migrate, overrides=overrides)
    run = store.last_migration
    if run is not None and run.migrations:
        note = f" (backup: {run.backup})" if run.backup else ""
        verb = "created" if run.from_version == 0 else "upgraded"
        click.echo(f"fcc: {verb} {target.display} at schema version {run.to_version}{note}",
                   err=True)
    return store


@contextmanager
def store_for(opts: Options) -> Iterator[Store]:
    """The store for one command, closed when it is done."""
    store = open_store(opts)
    try:
        yield store
    finally:
        store.close()


class FccGroup(click.Group):
    """Turns the store's errors into one line on stderr and an exit code; never a traceback.

    Subcommands named in ``lazy`` (name -> module) load only when used, so ``fcc start`` does
    not pay for importing the report and import commands.
    """

    lazy: dict[str, str] = {}  # noqa: RUF012 - set once by fcc.tui.cli

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in self.lazy:
            import importlib

            module = importlib.import_module(self.lazy[cmd_name])
            for command in module.COMMANDS:
                self.add_command(command)
            found = super().get_command(ctx, cmd_name)
        return found

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FccError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)


