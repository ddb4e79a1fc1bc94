"""Usage errors: one line ``fcc: error: ...`` naming the option and what was expected, exit 2,
for every command, every parameter and every kind of mistake click detects (found by walking
the command tree, so a new command or option is covered the day it is added). ``--help``
still shows the usage."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click
import pytest

from fcc.tui.cli import main as cli_group
from fcc.tui.cli.usage import WHAT, expected, param_name
from tests.test_cli import fcc as run

Path = tuple[str, ...]


def _walk(command: click.Command, ctx: click.Context, path: Path
          ) -> Iterator[tuple[Path, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _walk(sub, click.Context(sub, info_name=name, parent=ctx), (*path, name))


TREE = list(_walk(cli_group, click.Context(cli_group, info_name="fcc"), ()))
LEAVES = [(p, c) for p, c in TREE if not isinstance(c, click.Group)]
# (a group that runs alone, as ``fcc plan`` shows this week's plan, names no missing command)
GROUPS = [(p, c) for p, c in TREE if isinstance(c, click.Group) and p
          and not c.invoke_without_command]


def _value(param: click.Parameter) -> str:
    if isinstance(param.type, click.Choice):
        return str(param.type.choices[0])
    if isinstance(param.type, click.types.IntParamType):
        return "1"
    return "now" if param.metavar == "WHEN" else "x"


def _args(command: click.Command, *, leave_out: click.Parameter | None = None,
          all_arguments: bool = False, bad: click.Parameter | None = None) -> list[str]:
    """Arguments that parse: every required parameter (and, if asked, every argument)."""
    out: list[str] = []
    dropped = False
    for param in command.params:
        # (arguments are positional: leaving one out leaves out the ones after it too)
        dropped = dropped or (param is leave_out and isinstance(param, click.Argument))
        if param is leave_out or (dropped and isinstance(param, click.Argument)) or not (
                param.required or param is bad or (
                all_arguments and isinstance(param, click.Argument))):
            continue
        value = "zz" if param is bad else _value(param)
        out += [value] if isinstance(param, click.Argument) else [param_name(param), value]
    return out


def _ids(cases: list[tuple[Path, click.Command]]) -> list[str]:
    return [" ".join(p) or "fcc" for p, _ in cases]


@pytest.fixture
def fcc_in_process(tmp_path, monkeypatch, capsys):
    """The real entry point (``fcc.tui.entry.main``), in this process: exit code and stderr.
    FCC_DB names a file that must still not exist afterwards: a usage error writes nothing."""
    db = tmp_path / "never.db"
    monkeypatch.setenv("FCC_DB", str(db))
    monkeypatch.delenv("FCC_DATABASE_URL", raising=False)
    from fcc.tui.entry import main

    def call(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["fcc", *args])
        with pytest.raises(SystemExit) as exit_:
            main()
        out = capsys.readouterr()
        assert out.out == ""
        assert not db.exists()
        return exit_.value.code, out.err  # type: ignore[return-value]

    return call


def one_line(code: int, err: str, start: str) -> str:
    assert code == 2, err
    assert err.startswith("fcc: error: " + start), err
    assert err.count("\n") == 1 and "Usage" not in err and "Traceback" not in err, err
    return err.removeprefix("fcc: error: ").rstrip("\n")


def test_every_parameter_says_what_it_expects():
    for path, command in TREE:
        for param in command.params:
            if param.name == "help" or getattr(param, "is_flag", False):
                continue
            what = expected(param)
            assert what and (param.name in WHAT or param.metavar == "WHEN"
                             or isinstance(param.type, click.Choice)), (path, param.name)


@pytest.mark.parametrize("path, command", LEAVES, ids=_ids(LEAVES))
def test_unknown_option_and_extra_argument(fcc_in_process, path, command):
    shown = " ".join(("fcc", *path))
    line = one_line(*fcc_in_process(*path, *_args(command), "--no-such-option"),
                    f"{shown}: no option '--no-such-option'")
    # (click finds --description close to it: the card commands' Markdown text)
    assert line.endswith((f"(see {shown} --help)", "; did you mean --description?"))
    line = one_line(*fcc_in_process(*path, *_args(command, all_arguments=True), "extra"),
                    f"{shown}: unexpected argument 'extra' ({shown} takes ")


@pytest.mark.parametrize("path, command", LEAVES + [((), cli_group)],
                         ids=_ids(LEAVES) + ["fcc"])
def test_each_parameter_missing_valueless_or_bad(fcc_in_process, path, command):
    checked = 0
    for param in command.params:
        if param.name in ("help", "version") and not isinstance(param, click.Argument):
            flag = param_name(param)
            if param.name == "version":
                line = one_line(*fcc_in_process(*path, f"{flag}=x"), flag)
                assert line == f"{flag}: expected no value (it is a flag), got 'x'"
            continue
        name = param_name(param)
        what = expected(param, path[-2] if len(path) > 1 else "fcc")
        if param.required:
            line = one_line(*fcc_in_process(*path, *_args(command, leave_out=param)), name)
            assert line == f"{name}: expected {what} (required)"
            checked += 1
        if isinstance(param, click.Option) and param.is_flag:
            line = one_line(*fcc_in_process(*path, *_args(command), f"{name}=x"), name)
            assert line == f"{name}: expected no value (it is a flag), got 'x'"
            checked += 1
        elif isinstance(param, click.Option):
            line = one_line(*fcc_in_process(*path, *_args(command, leave_out=param), name),
                            name)
            assert line == f"{name}: expected {what}, got nothing"
            checked += 1
        if isinstance(param.type, click.Choice | click.types.IntParamType):
            line = one_line(*fcc_in_process(*path, *_args(command, bad=param)), name)
            assert line == f"{name}: expected {what}, got 'zz'"
            checked += 1
    assert checked or not [p for p in command.params if p.name != "help"]


@pytest.mark.parametrize("path, group", GROUPS, ids=_ids(GROUPS))
def test_groups_name_their_commands(fcc_in_process, path, group):
    shown = " ".join(("fcc", *path))
    names = group.list_commands(click.Context(group))
    line = one_line(*fcc_in_process(*path), f"{shown}: expected a command: ")
    assert line.endswith(", ".join(names))
    typo = names[0][:-1]
    line = one_line(*fcc_in_process(*path, typo), f"no command '{typo}' in {shown}")
    assert line.endswith(f"did you mean {names[0]}?") or f" {names[0]}" in line


def test_the_issues_examples_through_the_real_executable(tmp_path):
    db = tmp_path / "fcc.db"
    cases = [
        (["void", "1"], "fcc: error: --reason: expected a reason (required)\n"),
        (["log", "--format", "xml"],
         "fcc: error: --format: expected one of table, json, csv, got 'xml'\n"),
        (["sart"], "fcc: error: no command 'sart'; did you mean start, sprint, stop?\n"),
        (["log", "--db", "x"],
         "fcc: error: fcc log: no option '--db'; --db goes before the command: "
         "fcc --db ... log\n"),
        (["stop", "now"],
         "fcc: error: fcc stop: unexpected argument 'now' (fcc stop takes no arguments)\n"),
        (["config", "--path", "zone"], "fcc: error: --path: expected nothing beside it "
                                       "(no KEY, VALUE or --unset), got 'zone'\n"),
        (["client", "merge", "Acme"], "fcc: error: INTO: expected a client name (required)\n"),
        # options that exclude each other
        (["amend", "1", "--card", "2", "--no-card"],
         "fcc: error: --no-card: expected either --card ID or --no-card, not both\n"),
        (["amend", "1", "--note", "a", "--append-note", "b"], "fcc: error: --append-note: "
                                                              "expected either --note TEXT or "
                                                              "--append-note TEXT, not both\n"),
        (["report", "--today", "--week"], "fcc: error: --today: expected one range: --today, "
                                          "--week, --month, --year or --from WHEN [--to WHEN], "
                                          "e.g. --month, got '--today --week'\n"),
    ]
    for args, message in cases:
        out = run("--db", str(db), *args, home=tmp_path, check=False)
        assert (out.returncode, out.stdout, out.stderr) == (2, "", message)
    assert not db.exists()
    helped = run("--db", str(db), "void", "--help", home=tmp_path)
    assert helped.stdout.startswith("Usage: fcc void [OPTIONS] ENTRY_ID")
    assert "--reason" in helped.stdout and helped.stderr == ""
