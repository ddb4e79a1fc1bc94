"""``fcc stop`` and ``fcc status`` when nothing runs, and every command that only looks on a
machine without a database: the same answer on the quick path (plain sqlite3, in
``fcc.tui.entry``) and the full command line (click + the store), on both backends, and no
file or folder is ever created by looking."""

from __future__ import annotations

import sys

import pytest

from fcc.store.errors import FccError
from fcc.tui.cli.base import _empty_store
from tests.test_cli import fcc as run

NOT_RUNNING = "fcc: error: no timer is running\n"


def full(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The full command line (``fcc.tui.cli:main``), never the quick path."""
    import peewee  # noqa: F401 - loaded first, so a SQLite run keeps psycopg for the others

    from fcc.tui.cli import main

    monkeypatch.setattr(sys, "argv", ["fcc", *args])
    with pytest.raises(SystemExit) as exit_:
        main.main(list(args), prog_name="fcc")
    out = capsys.readouterr()
    return int(exit_.value.code or 0), out.out, out.err


def where(target) -> list[str]:
    if target.path is not None:
        return ["--db", str(target.path)]
    return ["--db", target.url, "--workspace", target.workspace]


def test_stop_and_status_when_idle_on_both_paths_and_backends(target, tmp_path, monkeypatch,
                                                              capsys):
    args = where(target)
    run(*args, "project", "add", "Admin", home=tmp_path)  # a current schema, nothing running
    for cmd in (["stop"], ["stop", "--at", "now"], ["stop", "--id", "1"]):
        out = run(*args, *cmd, home=tmp_path, check=False)  # quick path for plain stop
        unknown = cmd == ["stop", "--id", "1"]  # an unknown id is bad input: exit 2
        expected = "fcc: error: entry: no entry with id 1\n" if unknown else NOT_RUNNING
        assert (out.returncode, out.stdout, out.stderr) == (1 + unknown, "", expected)
        assert full(monkeypatch, capsys, *args, *cmd) == (1 + unknown, "", expected)
    status = run(*args, "status", home=tmp_path, check=False)
    assert (status.returncode, status.stdout, status.stderr) == (1, "", "")
    assert full(monkeypatch, capsys, *args, "status") == (1, "", "")
    run(*args, "start", "Admin", "--at", "-5m", home=tmp_path)  # longer than min_entry_seconds
    assert run(*args, "stop", home=tmp_path).stdout.startswith("stopped Admin after ")
    out = run(*args, "stop", home=tmp_path, check=False)
    assert (out.returncode, out.stderr) == (1, NOT_RUNNING)


LOOKING = [
    (["status"], 1, "", ""),
    (["status", "--format", "{project}"], 1, "", ""),
    (["stop"], 1, "", NOT_RUNNING),
    (["stop", "--at", "-5m"], 1, "", NOT_RUNNING),
    (["log"], 0, "no entries in this range\n", ""),
    (["log", "--format", "json"], 0, "[]\n", ""),
    (["export"], 0, "[]\n", ""),
    (["report", "--format", "json"], 0, None, ""),
    (["history", "1"], 2, "", "fcc: error: entry: no entry with id 1\n"),  # as on an empty one
    (["client", "list", "--format", "json"], 0, "[]\n", ""),
    (["project", "list", "--format", "json"], 0, "[]\n", ""),
    (["config", "week_start"], 0, "(default)\n", ""),
    (["config"], 0, None, ""),
    (["undo"], 1, "", "fcc: error: nothing to undo\n"),
    (["log", "--project", "Nope"], 2, "", "fcc: error: project: no project named 'Nope'\n"),
]


@pytest.mark.parametrize("args, code, stdout, stderr", LOOKING,
                         ids=[" ".join(a) for a, *_ in LOOKING])
def test_looking_creates_no_database(tmp_path, monkeypatch, capsys, args, code, stdout, stderr):
    data = tmp_path / "data"  # the default location (XDG_DATA_HOME/fcc/fcc.db)
    elsewhere = tmp_path / "no" / "such" / "folder" / "fcc.db"
    for db in ([], ["--db", str(elsewhere)]):
        out = run(*db, *args, home=tmp_path, check=False)
        assert out.returncode == code, out.stderr
        assert out.stderr == stderr
        if stdout is not None:
            assert out.stdout == stdout
        assert not data.exists() and not (tmp_path / "no").exists()
    monkeypatch.setenv("FCC_DB", str(elsewhere))
    done = full(monkeypatch, capsys, *args)
    assert done[0] == code and done[2] == stderr
    assert not (tmp_path / "no").exists()


def test_the_first_write_creates_it(tmp_path):
    db = tmp_path / "fcc.db"
    out = run("--db", str(db), "start", "Admin", home=tmp_path, check=False)
    assert out.returncode == 2 and "no project named 'Admin'" in out.stderr
    assert db.exists()  # (created, then the name was refused: as before)
    assert run("--db", str(db), "project", "add", "Admin", home=tmp_path).returncode == 0


def test_a_read_that_writes_to_the_throwaway_database_is_refused():
    with pytest.raises(FccError, match="internal error: a command that only reads wrote"):
        with _empty_store() as store:
            store.set_setting("week_start", "sunday")


@pytest.mark.parametrize("text, code, stderr", [
    ('[time]\nweek_start = "sunday"\n', 1, ""),  # a good file: the quick path still answers
    ("[time\n", 2, "fcc: error: config: "),  # a broken one: handed over, and reported
])
def test_with_a_config_file(tmp_path, text, code, stderr):
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    env = {"FCC_CONFIG": str(config)}
    for args in (["status"], ["stop"]):
        out = run(*args, home=tmp_path, check=False, env=env)
        assert out.returncode == code
        expected = stderr or ("" if args == ["status"] else NOT_RUNNING)
        assert out.stderr.startswith(expected) and out.stderr.count("\n") <= 1
        assert not (tmp_path / "data").exists()
    db = tmp_path / "work.db"
    run("--db", str(db), "project", "add", "Admin", home=tmp_path, check=False, env=env)
    out = run("--db", str(db), "stop", home=tmp_path, check=False, env=env)
    assert out.returncode == code and out.stderr.startswith(stderr or NOT_RUNNING)


def test_looking_creates_no_postgresql_schema(pg_target, tmp_path):
    import psycopg

    args = ["--db", pg_target.url, "--workspace", pg_target.workspace]

    def schema_exists() -> bool:
        with psycopg.connect(pg_target.url) as conn:
            return conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name "
                                "= %s", (pg_target.schema,)).fetchone() is not None

    for cmd, code, stdout, stderr in LOOKING:
        out = run(*args, *cmd, home=tmp_path, check=False)
        assert (out.returncode, out.stderr) == (code, stderr), cmd
        if stdout is not None:
            assert out.stdout == stdout
    assert not schema_exists()
    run(*args, "project", "add", "Admin", home=tmp_path)  # the first write creates it
    assert schema_exists()
    out = run(*args, "status", home=tmp_path, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (1, "", "")


def test_an_older_postgresql_schema_is_upgraded_by_looking_as_by_every_start(pg_target,
                                                                              tmp_path):
    args = ["--db", pg_target.url, "--workspace", pg_target.workspace]
    run(*args, "db", "upgrade", "--to", "1", home=tmp_path)
    out = run(*args, "status", home=tmp_path, check=False)
    assert out.returncode == 1 and out.stderr.startswith("fcc: upgraded ")
    assert "pending" not in run(*args, "db", "status", home=tmp_path).stdout
