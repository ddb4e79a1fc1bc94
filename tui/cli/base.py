"""What every ``fcc`` command shares: options, opening the store, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, overload

import click

from fcc.store.errors import FccError
from fcc.store.target import Target, keep_pg_driver_out, resolve_target
from fcc.store.visible import visible
from fcc.tui.cli.flags import FLAGS, flagged

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.config import Config


@dataclass
class Options:
    db: str | None
    workspace: str | None

    def target(self) -> Target:
        return resolve_target(self.db, self.workspace)


def say(message: str = "", *, err: bool = False) -> None:
    """Every line the command line prints for people (messages, notes, errors) goes through
    here: names, notes, tags and whatever the user typed are shown with their control
    characters and bidi controls visible (``fcc.store.visible``), never sent to the terminal.
    Exact data (JSON, CSV to a file or a pipe) is written elsewhere."""
    click.echo(visible(message), err=err)


class IdType(click.types.IntParamType):
    """An entry number or a card id: a whole number from 1 to 2^63-1 (what the database's
    ids hold; a larger one made the driver raise OverflowError). The one definition every
    command's ``ENTRY_ID``, ``--card`` and ``--id`` uses."""

    name = "id"

    @property
    def range_text(self) -> str:  # usage.expected adds it to "expected ..."
        from fcc.store.bounds import ID_RANGE

        return f"a whole number {ID_RANGE}"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        from fcc.store.bounds import parse_id
        from fcc.store.errors import InvalidInput

        try:
            return parse_id(value, "id")
        except InvalidInput:
            self.fail(f"{value!r} is not {self.range_text}", param, ctx)


ID = IdType()


def fail(message: str, code: int = 1) -> NoReturn:
    say(f"fcc: error: {message}", err=True)
    raise SystemExit(code)


def user_config() -> Config | None:
    """The config file, read and checked whole; None without a file (then pydantic is not
    even imported). A bad file raises ``ConfigError`` (exit 2) before anything is opened or
    written."""
    from fcc.store.configfile import config_path

    if not config_path().exists():
        return None
    from fcc.store.config import load_config

    return load_config()


def config_overrides() -> dict[str, str]:
    """The config file's ``[time]`` settings (see :func:`user_config`)."""
    config = user_config()
    return {} if config is None else config.setting_overrides()


@overload
def open_store(opts: Options, *, migrate: bool = True) -> Store: ...
@overload
def open_store(opts: Options, *, migrate: bool = True, create: bool) -> Store | None: ...


def open_store(opts: Options, *, migrate: bool = True, create: bool = True) -> Store | None:
    """The store for a command. ``migrate=False`` is for the ``fcc db`` commands, which use no
    settings: they skip the config file, so a broken one never stands between a user and
    ``fcc db backup`` (or the upgrade that may be what fixes things).

    ``create=False``: None where there is no database yet (a SQLite file that does not exist,
    a PostgreSQL workspace without fcc's tables), and nothing is created."""
    target = opts.target()
    config = user_config() if migrate else None
    overrides = {} if config is None else config.setting_overrides()
    if not create and target.path is not None and not target.path.exists():
        return None
    keep_pg_driver_out(target)
    from fcc.store.api import Store

    if not create and target.path is None:
        looking = Store.open(target, migrate=False, overrides=overrides)
        if not looking.has_fcc_schema():
            looking.close()
            return None
        if not migrate or looking.schema_is_current():
            return _with_billing(looking, config)
        looking.close()  # an older schema: brought up to date below, as every start does
    store = Store.open(target, migrate=migrate, overrides=overrides)
    run = store.last_migration
    if run is not None and run.migrations:
        note = f" (backup: {run.backup})" if run.backup else ""
        verb = "created" if run.from_version == 0 else "upgraded"
        say(f"fcc: {verb} {target.display} at schema version {run.to_version}{note}", err=True)
    return _with_billing(store, config)


def _with_billing(store: Store, config: Config | None) -> Store:
    """The config file's [seller] and [invoice] tables, for the invoice verbs."""
    if config is not None:
        store.billing = config.billing()
    return store


@contextmanager
def store_for(opts: Options, *, create: bool = True) -> Iterator[Store]:
    """The store for one command, closed when it is done.

    ``create=False`` is for the commands that only look (and ``fcc stop``, which has nothing
    to stop): on a SQLite file that does not exist yet they answer as an empty database does,
    from a throwaway one, and create no file and no folder. The first write creates it."""
    store = open_store(opts, create=create)
    if store is None:
        with _empty_store() as store:
            yield store
        return
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _empty_store() -> Iterator[Store]:
    import tempfile
    from pathlib import Path

    overrides = config_overrides()  # a broken config file is reported all the same
    with tempfile.TemporaryDirectory(prefix="fcc-empty-") as folder:
        target = resolve_target(str(Path(folder) / "fcc.db"), environ={})
        keep_pg_driver_out(target)
        from fcc.store.api import Store

        store = Store.open(target, overrides=overrides)
        try:
            before = store.changes_since_open()
            yield store
            # A command that wrote here would lose its change: never let that pass silently.
            if store.changes_since_open() != before:
                raise FccError("internal error: a command that only reads wrote a change "
                               "that was not kept; please report it")
        finally:
            store.close()


class FccGroup(click.Group):
    """Turns the store's errors and click's usage errors into one line on stderr and an exit
    code; never a traceback, never click's usage block (that is what ``--help`` is for).

    Subcommands named in ``lazy`` (name -> module) load only when used, so ``fcc start`` does
    not pay for importing the report and import commands. Every group of fcc is an FccGroup
    (``group_class``, or ``cls=FccGroup``): it notes each command's arguments, from which a
    usage error quotes the value it refused.
    """

    lazy: dict[str, str] = {}
    # The store's field names shown as flags in errors. ``fcc import`` reads files, where a
    # record's ``start`` or ``note`` is no flag: its group sets {} (fcc.tui.cli.imports).
    flags: Mapping[str, str] = FLAGS
    group_class = type  # groups made with @group.group() are FccGroups too

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from fcc.tui.cli.usage import ARGS_KEY, usage_line

        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if exc.ctx is None:  # fcc's own options: the parser names no context
                exc.ctx = self.context_class(self, info_name=prog_name or "fcc")
                exc.ctx.meta[ARGS_KEY] = (self, argv)
            fail(usage_line(exc), 2)
        except click.ClickException as exc:
            fail(" ".join(exc.format_message().split()), exc.exit_code)
        except click.Abort:  # a prompt got no answer (end of input): its line is left open
            say(err=True)
            fail("aborted", 1)
        except Exception as exc:  # a bug: one line, not a traceback (FCC_DEBUG=1 shows it)
            import os

            if os.environ.get("FCC_DEBUG"):
                raise
            from fcc.store.errors import internal_error

            fail(internal_error(exc), 1)
        raise SystemExit(code if isinstance(code, int) else 0)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from fcc.tui.cli.usage import ARGS_KEY

        ctx.meta[ARGS_KEY] = (self, list(args))
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        from fcc.tui.cli.usage import ARGS_KEY

        ctx.meta[ARGS_KEY] = (command, list(rest))
        return name, command, rest

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
        except click.UsageError as exc:
            if exc.ctx is None:  # the parser names no context: it is the command resolved last
                from fcc.tui.cli.usage import ARGS_KEY

                command, _ = ctx.meta[ARGS_KEY]
                name = next((n for n, c in self.commands.items() if c is command), None)
                exc.ctx = command.context_class(command, info_name=name, parent=ctx)
            raise
        except FccError as exc:
            fail(str(flagged(exc, self.flags)), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except Exception as exc:
            fault = _disk_fault(ctx, exc)
            if fault is None:
                raise
            fail(str(fault), fault.exit_code)


def _disk_fault(ctx: click.Context, exc: Exception) -> FccError | None:
    """A fault of the disk (read-only, full, damaged) met outside the store's transactions,
    e.g. while a report reads: the one line naming it (``fcc.store.faults``)."""
    from fcc.store import faults

    opts = ctx.find_object(Options)
    try:
        path = None if opts is None else opts.target().path
    except FccError:
        path = None
    return faults.translate(exc, path)


