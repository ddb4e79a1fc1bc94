"""``fcc log`` and ``fcc report`` answered by the quick path (plain sqlite3, no click, no
peewee) print what the full command line prints, byte for byte, under a pipe and a terminal;
what the quick path does not do exactly it hands over, naming why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ptyrun import EVIL, environ, hostile_db, run_in_pty
from tests.test_cli import fcc

TRACE = {"FCC_TRACE_QUICK": "1"}
ANSWERED = "fcc: quick path answered\n"

# Every option combination the quick path answers.
HANDLED = [
    ["log"], ["log", "--format", "json"], ["log", "--format", "csv"], ["log", "--history"],
    ["log", "--format=csv", "--no-formula-guard"], ["log", "--from", "-72h"],
    ["log", "--from=-720h", "--to", "now", "--format", "json"],
    ["log", "--from", "2026-01-01", "--to", "2020-01-01"],
    ["report"], ["report", "--week"], ["report", "--month"], ["report", "--year"],
    ["report", "--today"], ["report", "--week", "--week"],
    ["report", "--month", "--by", "client,project"], ["report", "--year", "--by", "day"],
    ["report", "--year", "--by", "week", "--by", "client"], ["report", "--month", "--by", "month"],
    ["report", "--month", "--by", "card"], ["report", "--month", "--by", ""],
    ["report", "--month", "--billable"], ["report", "--year", "--format", "json"],
    ["report", "--year", "--format", "CSV", "--by", "project,day"],
    ["report", "--year", "--format", "csv", "--no-formula-guard"],
    ["report", "--year", "--format", "markdown", "--by", "client,project"],
    ["report", "--from", "-960h", "--to", "-1h", "--by", "day"],
    ["report", "--from=2026-01-01", "--by", "week"],
]
# Handed over, each with the reason the trace names (the full path answers, errors included).
HANDED_OVER = [
    (["log", "--format="], "--format: the full path explains it"),
    (["log", "--format", ""], "--format: the full path explains it"),
    (["report", "--format="], "--format: the full path explains it"),
    (["log", "--project", "Admin"], "the option --project"),
    (["report", "--client", "Acme"], "the option --client"),
    (["report", "--help"], "the option --help"),
    (["log", "--format", "xml"], "--format: the full path explains it"),
    (["report", "--format", "xml"], "--format: the full path explains it"),
    (["report", "--by", "hour"], "--by: the full path explains it"),
    (["report", "--week", "--month"], "--week: the full path explains it"),
    (["report", "--to", "now"], "--from: the full path explains it"),
    (["log", "--from", "someday"], "--from: the full path explains it"),
    (["report", "--from", "2026-11-20", "--to", "2026-11-19"], "--to: the full path explains it"),
    (["log", "extra"], "the argument 'extra'"),
    (["log", "--to"], "--to without a value"),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """Hostile names (controls, bidi overrides), right-to-left and emoji names, a client with
    day-scope rounding, a non-billable entry, a merged project, several days of entries."""
    home = tmp_path_factory.mktemp("reads")
    db = hostile_db(home)
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml")}
    for args in (
        ["client", "add", "שלום 🚀", "--rate", "120", "--rounding", "15:up:day"],
        ["project", "add", "مشروع 🎉", "--client", "שלום 🚀"],
        ["project", "add", "Old", "--client", "שלום 🚀"],
        ["project", "add", "=SUM(A1)", "--rate", "80.5"],
        ["add", "مشروع 🎉", "--from", "-48h", "--duration", "1h7m", "--note", "א😀b"],
        ["add", "مشروع 🎉", "--from", "-48h", "--duration", "20m", "--allow-overlap"],
        ["add", "Old", "--from", "-26h", "--duration", "50m", "--no-billable"],
        ["add", "=SUM(A1)", "--from", "-480h", "--duration", "2h", "--note", "=1+1"],
        ["add", "=SUM(A1)", "--from", "-216h", "--duration", "3h", "--tag", "-x"],
        ["project", "merge", "Old", "مشروع 🎉"],
        ["amend", "3", "--append-note", "more"],
    ):
        fcc("--db", str(db), *args, home=home, env=env)
    return home


def _run(home: Path, args: list[str], **env: str):
    return fcc("--db", str(home / "fcc.db"), *args, home=home, check=False,
               env={"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml"), **env})


@pytest.mark.parametrize("args", HANDLED, ids=" ".join)
def test_the_quick_path_prints_what_the_full_path_prints(home, args):
    # Relative times (-960h) and titles to the minute: the full path runs before and after the
    # quick one, so a minute that turns between two runs cannot make them differ.
    before = _run(home, args, FCC_QUICK="0")
    quick = _run(home, args, **TRACE)
    full = before if quick.stdout == before.stdout else _run(home, args, FCC_QUICK="0")
    assert quick.stderr == ANSWERED
    assert (quick.returncode, quick.stdout) == (full.returncode, full.stdout)
    assert full.stderr == "" and full.returncode == 0


@pytest.mark.parametrize(("args", "reason"), HANDED_OVER, ids=[" ".join(a) for a, _ in HANDED_OVER])
def test_what_the_quick_path_does_not_do_exactly_it_hands_over(home, args, reason):
    quick = _run(home, args, **TRACE)
    full = _run(home, args, FCC_QUICK="0")
    assert quick.stderr == f"fcc: full path: {reason}\n" + full.stderr
    assert (quick.returncode, quick.stdout) == (full.returncode, full.stdout)


@pytest.mark.parametrize("cols", [200, 60])
@pytest.mark.parametrize("args", [
    ["log"], ["log", "--format", "csv"], ["log", "--history"], ["report", "--month"],
    ["report", "--year", "--by", "client,project,day"], ["report", "--year", "--format", "csv"],
    ["report", "--year", "--format", "markdown"], ["log", "--format", "json"],
], ids=" ".join)
def test_on_a_terminal_too(home, args, cols):
    db = str(home / "fcc.db")
    code, quick = run_in_pty(["--db", db, *args], environ(home, **TRACE), cols=cols)
    full_code, full = run_in_pty(["--db", db, *args], environ(home, FCC_QUICK="0"), cols=cols)
    answered = ANSWERED.replace("\n", "\r\n").encode()  # (after the output)
    assert quick.endswith(answered)
    assert (code, quick[:-len(answered)]) == (full_code, full)
    assert EVIL.encode() not in quick  # data never reaches the terminal raw


def test_the_quick_path_needs_neither_click_nor_peewee(home, tmp_path):
    """With click, peewee and Rich unimportable, the quick path still answers (and it is the
    one answering); the full path would fail. Its tables are plain text (tui/plaintable.py)."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name in ("click", "peewee", "pydantic", "textual", "rich"):
        (stubs / f"{name}.py").write_text(
            f"raise ImportError('{name} is not for the quick path')\n")
    path = os.pathsep.join([str(stubs), os.environ.get("PYTHONPATH", "")])
    for args in (["log"], ["report", "--month", "--format", "json"], ["report", "--week"],
                 ["report", "--year", "--format", "markdown"], ["log", "--format", "csv"]):
        out = _run(home, args, PYTHONPATH=path, **TRACE)
        assert out.returncode == 0 and out.stderr == ANSWERED, (args, out.stderr)
        assert out.stdout == _run(home, args, FCC_QUICK="0").stdout
    failed = _run(home, ["log", "--project", "Admin"], PYTHONPATH=path)
    assert failed.returncode != 0 and "click is not for the quick path" in failed.stderr


def test_an_old_schema_or_postgres_goes_to_the_full_path(tmp_path):
    db = tmp_path / "old.db"
    fcc("--db", str(db), "db", "upgrade", "--to", "1", home=tmp_path)
    out = fcc("--db", str(db), "log", home=tmp_path, check=False, env=TRACE)
    assert out.stderr.startswith("fcc: full path: schema version 1, not ")
    assert "upgraded" in out.stderr and out.returncode == 0  # the full path migrated it
    out = fcc("--db", "postgresql://nobody@127.0.0.1:1/none", "report", home=tmp_path,
              check=False, env=TRACE)
    assert out.stderr.startswith("fcc: full path: PostgreSQL\n")


@pytest.mark.parametrize("args", [["log"], ["report", "--month", "--by", "client"],
                                  ["report", "--year", "--format", "json"], ["project", "list"]],
                         ids=" ".join)
def test_the_full_path_on_sqlite_never_loads_the_postgresql_driver(home, tmp_path, args):
    """peewee imports psycopg when it can (~100 ms): a SQLite command must hide it first."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    marker = tmp_path / "loaded"
    for name in ("psycopg", "psycopg2"):
        (stubs / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r})\nraise ImportError('no')\n")
    path = os.pathsep.join([str(stubs), os.environ.get("PYTHONPATH", "")])
    out = _run(home, args, FCC_QUICK="0", PYTHONPATH=path)
    assert out.returncode == 0, out.stderr
    assert not marker.exists(), marker.read_text()


@pytest.mark.parametrize("args", [["log"], ["report", "--week"], ["status"]], ids=" ".join)
def test_a_damaged_file_is_never_read_by_a_quick_path(home, tmp_path, args):
    """Every opening of the store runs quick_check on a small file; the quick paths do too:
    a damaged file is marked and handed over, and the full path refuses it with its reason."""
    import shutil

    from tests.damage import corrupt_middle_page

    db = tmp_path / "copy.db"
    shutil.copy(home / "fcc.db", db)
    corrupt_middle_page(db)
    out = fcc("--db", str(db), *args, home=home, check=False, env=TRACE)
    first, last = out.stderr.splitlines()[0], out.stderr.splitlines()[-1]
    assert first.startswith("fcc: full path: the database") and "damaged" in first, first
    assert out.returncode == 1 and "is damaged" in last and out.stdout == ""
    assert Path(str(db) + ".damaged").exists()
