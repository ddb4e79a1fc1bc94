"""The quick paths' one argument reader (fcc.tui.quickargs): what each quick command reads,
and the reason it hands anything else to click."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fcc.tui.quickargs import APP, READS, START, STATUS, STOP, Args, parse, parse_app_args


def test_status_start_stop_read_their_options_and_the_global_ones():
    args = parse(["--db", "x.db", "status", "--format", "{project}", "--format={elapsed}"],
                 {"status": STATUS})
    assert isinstance(args, Args)
    assert (args.command, args.db, args.workspace) == ("status", "x.db", None)
    assert args.last("--format") == "{elapsed}"  # the last one wins, as in click
    args = parse(["-w", "side", "start", "Acme/Web", "--note", "n", "--tag", "a", "--tag=b"],
                 {"start": START})
    assert isinstance(args, Args)
    assert (args.workspace, args.arguments) == ("side", ["Acme/Web"])
    assert args.values == {"--note": ["n"], "--tag": ["a", "b"]}
    stop = parse(["--workspace=side", "stop"], {"stop": STOP})
    assert isinstance(stop, Args) and stop.workspace == "side" and stop.arguments == []


@pytest.mark.parametrize(("argv", "commands", "reason"), [
    (["status", "--format", "-x"], {"status": STATUS}, "--format without a value"),
    (["--db", "-w", "status"], {"status": STATUS}, "--db without a value"),
    (["status", "extra"], {"status": STATUS}, "the argument 'extra'"),
    (["status", "--db", "x"], {"status": STATUS}, "the option --db"),
    (["start", "A", "B"], {"start": START}, "the argument 'B'"),
    (["start", "-"], {"start": START}, "the option -"),
    (["stop", "--at", "10:00"], {"stop": STOP}, "the option --at"),
    (["log", "status"], {"status": STATUS}, "the argument 'log'"),
    (["--db", "x.db"], {"status": STATUS}, "no command"),
    (["-w=side"], {"": APP}, "the option -w=side"),
    (["log"], {"": APP}, "the argument 'log'"),
    (["log", "--from"], READS, "--from without a value"),
    (["log", "--project", "Admin"], READS, "the option --project"),
])
def test_anything_else_is_handed_over_with_its_reason(argv, commands, reason):
    assert parse(argv, commands) == reason


def test_log_and_report_read_values_as_click_does():
    args = parse(["--db", "-odd.db", "report", "--from", "-8h", "--by", "client", "--by=day",
                  "--week", "--week", "--to", "x", "--to", "-1h"], READS)
    assert isinstance(args, Args)
    assert (args.command, args.db) == ("report", "-odd.db")
    assert (args.last("--from"), args.last("--to")) == ("-8h", "-1h")
    assert args.values["--by"] == ["client", "day"] and args.flags == {"--week"}
    assert parse(["log", "--history=1"], READS) == "the option --history"
    assert parse(["log", "-"], READS) == "the argument '-'"


def test_the_app_reads_the_global_options_alone():
    assert parse_app_args(["-w", "a", "--db", "x.db", "--workspace", "b"]) == ("x.db", "b")
    assert parse_app_args(["--db", "-x"]) is None


def test_the_reader_imports_nothing_but_itself():
    code = ("import sys; import fcc.tui.quickargs; "
            "print(sorted(m for m in ('typing', 'click', 'peewee', 'fcc.store') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
