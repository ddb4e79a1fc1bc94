"""``fcc card list`` answered by the quick path (plain sqlite3, no click, no peewee) prints what
the full command line prints, byte for byte, under a pipe and a terminal; what it does not do
exactly (other filters, an unknown board, a bad format, other card commands) it hands over,
naming why."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.ptyrun import EVIL, environ, run_in_pty
from tests.test_cli import fcc
from tests.test_quick_reads import ANSWERED, TRACE, _run

HANDLED = [
    ["card", "list"], ["card", "list", "--format", "json"], ["card", "list", "--format=csv"],
    ["card", "list", "--format", "csv", "--no-formula-guard"],
    ["card", "list", "--board", "Client work"], ["card", "list", "--board", "CLIENT WORK"],
    ["card", "list", "--board", "Straße"], ["card", "list", "--board", "STRASSE"],
    ["card", "list", "--board", "2"], ["card", "list", "--board", "Old"],
    ["card", "list", "--tag", "Frontend"], ["card", "list", "--blocked"],
    ["card", "list", "--archived"], ["card", "list", "--deleted", "--format", "json"],
    ["card", "list", "--archived", "--deleted", "--blocked", "--board", "Client work"],
    ["card", "list", "--tag", "x", "--tag", "frontend"],
]
HANDED_OVER = [
    (["card", "list", "--column", "Doing"], "the option --column"),
    (["card", "list", "--sprint", "S1"], "the option --sprint"),
    (["card", "list", "--text", "login"], "the option --text"),
    (["card", "list", "--board", "Nope"], "--board: the full path explains it"),
    (["card", "list", "--board", ""], "--board: the full path explains it"),
    (["card", "list", "--format", "xml"], "--format: the full path explains it"),
    (["card", "list", "--help"], "the option --help"),
    (["card", "show", "1"], "a command without a quick path"),
    (["card", "add", "list"], "the argument 'list'"),
    (["card", "edit", "--board", "list"], "a card command without a quick path"),
    (["card", "list", "extra"], "the argument 'extra'"),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """Two boards (one named with ß, one archived), lanes, tags, a blocked card, a deleted and
    an archived one, hostile titles (controls, bidi), a formula-like title, time on a card."""
    home = tmp_path_factory.mktemp("cards")
    db = str(home / "fcc.db")
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml")}
    for args in (
        ["project", "add", "Website", "--rate", "90"],
        ["board", "add", "Client work", "--project", "Website"],
        ["board", "add", "Straße"],
        ["board", "add", "Old"],
        ["board", "lane", "add", "Expedite", "--board", "Client work"],
        ["card", "add", "Fix login", "--board", "Client work", "--type", "bug",
         "--tag", "frontend", "--priority", "0", "--estimate", "2h", "--due", "2026-01-05"],
        ["card", "add", "=SUM(A1)", "--board", "Client work", "--lane", "Expedite"],
        ["card", "add", "Checkout epic", "--board", "Client work", "--type", "epic"],
        ["card", "add", "Story [bold]one[/]", "--board", "Client work", "--type", "story",
         "--parent", "3", "--tag", "Frontend", "--tag", "x"],
        ["card", "block", "4", "--by", "1"],
        ["card", "add", "Gone", "--board", "Client work"],
        ["card", "delete", "5"],
        ["card", "add", "Shelved", "--board", "Client work"],
        ["card", "archive", "6"],
        ["card", "add", "Umlaut ü card", "--board", "Straße"],
        ["card", "add", "On the old board", "--board", "Old"],
        ["board", "archive", "Old"],
        ["add", "Website", "--card", "1", "--from", "-5h", "--duration", "1h30m"],
        ["card", "move", "4", "--column", "Doing"],
    ):
        fcc("--db", db, *args, home=home, env=env)
    # What another program may have written: control sequences in a title and a description.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE work_item SET title = ?, description = ? WHERE id = 1",
                     ("Fix login " + EVIL, "steps " + EVIL))
    conn.close()
    return home


@pytest.mark.parametrize("args", HANDLED, ids=" ".join)
def test_the_quick_path_prints_what_the_full_path_prints(home, args):
    full = _run(home, args, FCC_QUICK="0")
    quick = _run(home, args, **TRACE)
    assert quick.stderr == ANSWERED
    assert (quick.returncode, quick.stdout) == (full.returncode, full.stdout)
    assert full.stderr == "" and full.returncode == 0 and full.stdout


def test_the_lists_hold_what_they_should(home):
    everything = _run(home, ["card", "list", "--format", "csv"], **TRACE).stdout
    assert "Gone" not in everything and "Shelved" not in everything
    assert "On the old board" not in everything  # an archived board is left out of "every"
    assert "Umlaut ü card" in everything and "'=SUM(A1)" in everything  # formula guarded
    assert "On the old board" in _run(home, ["card", "list", "--board", "Old"], **TRACE).stdout
    blocked = _run(home, ["card", "list", "--blocked", "--format", "csv"], **TRACE).stdout
    assert [line.split(",")[0] for line in blocked.splitlines()[1:]] == ["4"]
    deleted = _run(home, ["card", "list", "--deleted", "--format", "csv"], **TRACE).stdout
    assert "Gone" in deleted


@pytest.mark.parametrize(("args", "reason"), HANDED_OVER, ids=[" ".join(a) for a, _ in HANDED_OVER])
def test_what_the_quick_path_does_not_do_exactly_it_hands_over(home, args, reason):
    quick = _run(home, args, **TRACE)
    full = _run(home, args, FCC_QUICK="0")
    assert quick.stderr == f"fcc: full path: {reason}\n" + full.stderr
    assert (quick.returncode, quick.stdout) == (full.returncode, full.stdout)


@pytest.mark.parametrize("cols", [200, 60])
@pytest.mark.parametrize("args", [["card", "list"], ["card", "list", "--format", "json"],
                                  ["card", "list", "--board", "Client work", "--deleted"]],
                         ids=" ".join)
def test_on_a_terminal_too(home, args, cols):
    db = str(home / "fcc.db")
    code, quick = run_in_pty(["--db", db, *args], environ(home, **TRACE), cols=cols)
    full_code, full = run_in_pty(["--db", db, *args], environ(home, FCC_QUICK="0"), cols=cols)
    answered = ANSWERED.replace("\n", "\r\n").encode()
    assert quick.endswith(answered)
    assert (code, quick[:-len(answered)]) == (full_code, full)
    assert EVIL.encode() not in quick  # a title never reaches the terminal raw


def test_the_quick_path_needs_neither_click_nor_peewee(home, tmp_path):
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name in ("click", "peewee", "pydantic", "textual", "rich"):
        (stubs / f"{name}.py").write_text(
            f"raise ImportError('{name} is not for the quick path')\n")
    path = os.pathsep.join([str(stubs), os.environ.get("PYTHONPATH", "")])
    for args in (["card", "list"], ["card", "list", "--format", "json", "--blocked"],
                 ["card", "list", "--board", "straße", "--format", "csv"]):
        out = _run(home, args, PYTHONPATH=path, **TRACE)
        assert out.returncode == 0 and out.stderr == ANSWERED, (args, out.stderr)
        assert out.stdout == _run(home, args, FCC_QUICK="0").stdout
