"""Issue 11: no byte sequence from data reaches the terminal as a control sequence.

The real ``fcc`` runs under a pseudo-terminal (stdin, stdout and stderr a pty, as in a user's
shell) on a database holding hostile names, notes and tags, written with raw SQL so the test
does not depend on what the store lets in. Every command of the issue runs; the bytes the
terminal would receive must hold none of the data's control sequences, and show them visibly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ptyrun import EVIL, EVIL_NUL, SITE, environ, hostile_db, leaks, run_in_pty
from tests.test_cli import fcc

FULL = "import sys; from fcc.tui.cli import main; sys.argv[0] = 'fcc'; main()"


def full_cli(*args: str, home: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The click command line itself, without the entry point's quick paths."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), **env)
    return subprocess.run([sys.executable, "-c", FULL, *args], capture_output=True, text=True,
                          env=environ, timeout=60, stdin=subprocess.DEVNULL)

def commands(home: Path) -> list[list[str]]:
    bad_csv = home / "bad.csv"
    bad_csv.write_text("project,start,end,note\n"
                       f"{EVIL},{EVIL},2026-11-20T10:00:00Z,{EVIL}\n", encoding="utf-8")
    return [
        ["project", "add", "New" + EVIL],  # shown in its message, or in the error refusing it
        ["client", "add", "Client" + EVIL, "--email", EVIL],
        ["start", SITE, "--note", EVIL],  # the quick path
        ["status"], ["status", "--format", "{project}|{client}|{note}|{tags}"],
        ["-w", "default", "status", "--format", "{note} {elapsed:>8}"],
        ["stop"],  # the quick path
        ["start", SITE, "--at", "-50m", "--note", EVIL, "--tag", "ok"],  # the full path
        ["status", "--format", "{project.__init__.__globals__}" + EVIL],
        ["stop", "--at", "now"],
        ["add", SITE, "--from", "-8h", "--duration", "20m", "--note", EVIL],
        ["log"], ["log", "--history"], ["log", "--format", "csv"], ["log", "--format", "json"],
        ["client", "list"], ["client", "list", "--format", "json"],
        ["project", "list"], ["project", "list", "--format", "json"],
        ["report"], ["report", "--by", "client,project"], ["report", "--format", "markdown"],
        ["report", "--format", "csv"], ["report", "--format", "json"],
        ["export", "--format", "csv"], ["export"],
        ["history", "1"],
        ["start", "Site"],  # unknown: "did you mean" names the hostile project
        ["start", EVIL],
        ["project", "rename", SITE, "Site2" + EVIL],
        ["void", "1", "--reason", EVIL], ["undo"],
        ["import", "csv", str(bad_csv), "-v"],
        ["config", "zone", EVIL], ["config"],
        ["sart" + EVIL],
        ["log", "--format", EVIL],
    ]


def test_no_control_sequence_from_data_reaches_the_terminal(tmp_path):
    db = hostile_db(tmp_path)
    env = environ(tmp_path)
    shown = []
    for args in commands(tmp_path):
        code, out = run_in_pty(["--db", str(db), *args], env)
        text = out.decode("utf-8", "replace")
        assert "Traceback" not in text, (args, text)
        assert not leaks(out), (args, leaks(out), text)
        shown.append(text)
    everything = "\n".join(shown)
    assert "␛]0;pwned␇" in everything and "<U+202E>evil␡" in everything  # shown, not sent
    assert "<U+009B>31m" in everything and "␀nul" in everything


def test_json_and_csv_to_a_pipe_stay_exact(tmp_path):
    db = hostile_db(tmp_path)
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(tmp_path / "none.toml")}
    rows = json.loads(fcc("--db", str(db), "export", home=tmp_path, env=env).stdout)
    assert {r["note"] for r in rows} == {EVIL_NUL}
    assert {r["project"] for r in rows} == {SITE, "Nul" + EVIL_NUL}
    out = fcc("--db", str(db), "export", "--format", "csv", home=tmp_path, env=env).stdout
    assert EVIL_NUL in out  # a pipe gets the data exactly (the formula guard aside)
    logged = fcc("--db", str(db), "log", "--format", "json", home=tmp_path, env=env).stdout
    assert "\x9b" not in logged and "\u202e" not in logged and "\\u009b" in logged
    assert {r["note"] for r in json.loads(logged)} == {EVIL_NUL}


@pytest.mark.parametrize("template", [
    "{project.__init__.__globals__}", "{project[0]}", "{note!r}", "{}", "{0}", "{nope}",
    "{elapsed:>{count}}",
])
def test_status_template_allows_only_the_documented_fields(tmp_path, template):
    db = hostile_db(tmp_path)
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(tmp_path / "none.toml")}
    fcc("--db", str(db), "start", SITE, home=tmp_path, env=env)
    args = ["--db", str(db), "status", "--format", template]
    for out in (fcc(*args, home=tmp_path, env=env, check=False),
                full_cli(*args, home=tmp_path, env=env)):
        assert out.returncode == 2, (args, out.stderr)
        assert out.stdout == ""
        assert out.stderr.startswith("fcc: error: --format: expected only the fields project,")
        assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1


def test_status_template_keeps_its_own_text_and_shows_the_fields(tmp_path):
    db = hostile_db(tmp_path)
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(tmp_path / "none.toml")}
    fcc("--db", str(db), "start", SITE, "--note", EVIL, home=tmp_path, env=env)
    template = "\x1b[32m{note}\x1b[0m|{project:.4}|{elapsed:>8}|{count:03}"
    args = ["--db", str(db), "status", "--format", template]
    quick = fcc(*args, home=tmp_path, env=env).stdout
    full = full_cli(*args, home=tmp_path, env=env)
    assert full.returncode == 0, full.stderr
    for out in (quick, full.stdout):
        note, project, elapsed, count = out.rstrip("\n").split("|")
        assert note == "\x1b[32m␛]0;pwned␇␛[2J␛[H<U+009B>31m<U+202E>evil␡␛]0;open\x1b[0m"
        assert project == "Acme" and len(elapsed) == 8 and count == "001"
