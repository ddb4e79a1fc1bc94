"""``fcc import``: time tracked with Watson, Timewarrior or another fcc (CSV).

The file is read whole first: one that is not in the expected format at all stops the
command (exit 2) before the database is opened. Bad records are skipped and counted; a rerun
imports nothing twice; ``fcc undo`` voids the last import.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from fcc.tui.cli.base import FccGroup, Options, open_store, say

if TYPE_CHECKING:
    from fcc.store.records import ImportRecord, ImportResult, ImportSkip

Reader = Callable[[], "list[ImportRecord | ImportSkip]"]


@click.group("import", cls=FccGroup)
def import_group() -> None:
    """Import time from Watson, Timewarrior or a CSV file, and tasks from Taskwarrior.

    A rerun imports nothing twice; `fcc undo` voids the last import.

    \b
    Example: fcc import watson --dry-run
    """


import_group.flags = {}  # a record's fields are no flags


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--dry-run", is_flag=True,
                           help="Read and check everything, write nothing.")(command)
    command = click.option("--verbose", "-v", is_flag=True,
                           help="List the records skipped as bad, with the reason.")(command)
    return command


@import_group.command("watson", short_help="Import Watson's frames.")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@_options
@click.pass_obj
def import_watson(opts: Options, folder: Path | None, dry_run: bool, verbose: bool) -> None:
    """Import Watson's frames (FOLDER: default WATSON_DIR, else Watson's config folder).

    Each frame becomes an entry on the project of the same name (no client; a '/' in the
    name becomes '-'); its tags stay tags. The frame id makes a rerun skip it.

    \b
    Example: fcc import watson ~/.config/watson --dry-run
    """
    path = folder or Path(os.environ.get("WATSON_DIR") or click.get_app_dir("watson"))

    def read() -> list[ImportRecord | ImportSkip]:
        from fcc.store.readers import read_watson

        return read_watson(path.expanduser())

    _run(opts, "watson", read, dry_run, verbose)


@import_group.command("timewarrior", short_help="Import Timewarrior's intervals.")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@_options
@click.pass_obj
def import_timewarrior(opts: Options, folder: Path | None, dry_run: bool, verbose: bool) -> None:
    """Import Timewarrior's intervals (FOLDER: default TIMEWARRIORDB, else ~/.timewarrior or
    ~/.local/share/timewarrior).

    The first tag of an interval names the project (Timewarrior stores tags sorted), the
    other tags stay tags and the annotation becomes the note. An interval that is still
    running is skipped until it is stopped.

    \b
    Example: fcc import timewarrior ~/.timewarrior -v
    """
    path = folder or _timewarrior_home()

    def read() -> list[ImportRecord | ImportSkip]:
        from fcc.store.readers import read_timewarrior

        return read_timewarrior(path.expanduser())

    _run(opts, "timewarrior", read, dry_run, verbose)


@import_group.command("csv", short_help="Import a CSV file with fcc's export columns.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--no-formula-guard", "no_guard", is_flag=True,
              help="Read every cell as it is: for a file exported with --no-formula-guard "
                   "(by default one leading ' before =, +, -, @, tab or CR is removed).")
@_options
@click.pass_obj
def import_csv(opts: Options, file: Path, no_guard: bool, dry_run: bool, verbose: bool) -> None:
    """Import a CSV file with fcc's export columns: project, start and end are required;
    client, card, note, tags (comma-separated), billable (true/false), zone, rate and
    currency are used (a row's rate is kept; without one the entry gets its project's).

    Times are ISO 8601 (2026-11-20T13:00:00Z); one without an offset is read in the row's
    zone, else in yours. A row with a uuid (an fcc export) is imported once, whatever the
    file; other rows are recognised by their content. The ' fcc's export puts before a cell
    a spreadsheet would run as a formula is taken off again.

    \b
    Example: fcc import csv hours-2026.csv
    """

    def read() -> list[ImportRecord | ImportSkip]:
        from fcc.store.readers import read_csv

        return read_csv(file, formula_guard=not no_guard)

    _run(opts, "csv", read, dry_run, verbose)


@import_group.command("taskwarrior", short_help="Import Taskwarrior's tasks as cards.")
@click.argument("file", required=False)
@click.option("--board", metavar="BOARD",
              help="The board to import onto (default: the only one; a new name makes it).")
@click.option("--column", metavar="COLUMN",
              help="The column for pending tasks: name or number (default: the first).")
@_options
@click.pass_obj
def import_taskwarrior(opts: Options, file: str | None, board: str | None, column: str | None,
                       dry_run: bool, verbose: bool) -> None:
    """Import Taskwarrior's tasks as cards: FILE holds `task export` JSON (- reads standard
    input); without FILE, runs `task export` with your Taskwarrior settings.

    Each task becomes a card: project Acme.Website becomes project Website of client Acme,
    tags stay tags, priority H/M/L becomes 1/2/3, due the due date, annotations comments,
    depends "blocked by"; a duration UDA `estimate` the estimate. Pending and waiting tasks
    go to the first column (or --column), completed ones to the done column, deleted ones
    are left out. A rerun adds new tasks and updates the cards of changed ones; `fcc undo`
    takes the last import back.

    \b
    Example: task export | fcc import taskwarrior - --board Acme
    """
    from fcc.store.boards import taskwarrior_read as tw

    with _progress("taskwarrior: reading") as progress:
        if file == "-":
            objects, where = tw.load(sys.stdin.buffer, where="standard input")
        elif file:
            objects, where = tw.load(file)
        else:
            objects, where = tw.parse(_task_export(), "`task export`"), "`task export`"
        store = open_store(opts)
        try:
            result = store.import_taskwarrior(objects, board=board, column=column,
                                              progress=progress, dry_run=dry_run, where=where)
        finally:
            store.close()
    say(result.message)
    if result.new_projects and verbose:
        say("new projects: " + ", ".join(result.new_projects))
    if verbose:
        for skip in result.skipped:
            say(f"skipped: {skip.where}: {skip.reason}")
    elif result.skipped:
        say("(--verbose lists what was skipped and why)")


def _task_export() -> str:
    """What Taskwarrior's own `task export` prints (hooks off: an import changes nothing)."""
    import shutil
    import subprocess

    from fcc.tui.cli.base import fail

    program = shutil.which("task")
    if program is None:
        fail("taskwarrior: no `task` program here to run `task export`; give the FILE it "
             "wrote (or - to read it from standard input)", 2)
    try:
        done = subprocess.run(
            [program, "rc.hooks=off", "rc.verbose=nothing", "rc.confirmation=off",
             "rc.gc=off", "export"], capture_output=True, stdin=subprocess.DEVNULL, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        fail(f"taskwarrior: `task export` did not run: {exc}", 1)
    if done.returncode != 0:
        why = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        fail(f"taskwarrior: `task export` failed (exit {done.returncode}): {why}", 1)
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        fail("taskwarrior: `task export` printed text that is not UTF-8", 2)


def _timewarrior_home() -> Path:
    if os.environ.get("TIMEWARRIORDB"):
        return Path(os.environ["TIMEWARRIORDB"])
    legacy = Path.home() / ".timewarrior"
    if legacy.exists():
        return legacy
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "timewarrior"


def _run(opts: Options, source: str, read: Reader, dry_run: bool, verbose: bool) -> None:
    with _progress(f"{source}: reading") as progress:
        items = read()  # a file in the wrong format stops here, before the database opens
        store = open_store(opts)
        try:
            result = store.import_entries(source, items, progress, dry_run=dry_run)
        finally:
            store.close()
    _report(result, verbose)


def _report(result: ImportResult, verbose: bool) -> None:
    say(result.message)
    if result.parallel:
        say(f"{result.parallel} of them overlap other entries and "
                   f"{'would be' if result.dry_run else 'were'} kept as parallel entries")
    if result.new_projects and verbose:
        say("new projects: " + ", ".join(result.new_projects))
    if verbose:
        for skip in result.bad:
            say(f"bad: {skip.where}: {skip.reason}")
    elif result.bad:
        say("(--verbose lists the bad records and why)")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, description=label.split(":")[0] + ": importing", completed=done,
                       total=total)

        yield update


COMMANDS: list[click.Command] = [import_group]
