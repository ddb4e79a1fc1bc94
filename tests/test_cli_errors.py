"""Issue 11, part 2, through the real `fcc` executable: inputs that printed a Python traceback
are one line `fcc: error: ...` with exit 2 (bad input) or 1 (the environment), and nothing is
written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.test_cli import fcc as run
from tests.test_cli_time import cli, config_file, db  # noqa: F401  (db: the fixture)

BIG = "99999999999999999999999"  # > 2^63: the driver raised OverflowError
RANGE = "(a whole number from 1 to 9223372036854775807)"


def changes(path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM activity), (SELECT count(*) FROM time_entry), "
            "(SELECT count(*) FROM client) + (SELECT count(*) FROM project)").fetchone())


def refused(path, *args: str, code: int = 2) -> str:
    before = changes(path)
    out = cli(path, *args, check=False)
    assert out.returncode == code, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert out.stderr.startswith("fcc: error: ") and out.stderr.count("\n") == 1, out.stderr
    assert changes(path) == before
    return out.stderr.removeprefix("fcc: error: ").rstrip("\n")


ENTRY = f"ENTRY_ID: expected an entry id like 42 {RANGE}, got "
CARD = f"--card: expected a card id like 7 {RANGE}, got "


OUT_OF_RANGE = [
    (["split", BIG, "--at", "10:00"], ENTRY + repr(BIG)),
    (["history", BIG], ENTRY + repr(BIG)),
    (["void", BIG, "--reason", "dup"], ENTRY + repr(BIG)),
    (["amend", BIG, "--note", "x"], ENTRY + repr(BIG)),
    (["resume", BIG], ENTRY + repr(BIG)),
    (["break", BIG, "--from", "10:00", "--duration", "10m"], ENTRY + repr(BIG)),
    (["history", "9223372036854775808"], ENTRY + "'9223372036854775808'"),
    (["history", "0"], ENTRY + "'0'"),
    (["amend", "٣", "--note", "x"], ENTRY + "'٣'"),  # a digit, but not an ASCII one
    (["stop", "--id", BIG], f"--id: expected an entry id like 42 {RANGE}, got {BIG!r}"),
    (["start", "--card", BIG], CARD + repr(BIG)),
    (["start", "Admin", "--card", "0"], CARD + "'0'"),
    (["switch", "Admin", "--card", BIG], CARD + repr(BIG)),
    (["add", "Admin", "--from", "-1h", "--duration", "5m", "--card", BIG], CARD + repr(BIG)),
    (["amend", "1", "--card", BIG], CARD + repr(BIG)),
]
UNKNOWN = [
    (["history", "77"], "entry: no entry with id 77"),
    (["history", "9223372036854775807"], "entry: no entry with id 9223372036854775807"),
    (["amend", "77", "--note", "x"], "entry: no entry with id 77"),
    (["void", "77", "--reason", "dup"], "entry: no entry with id 77"),
    (["split", "77", "--at", "10:00"], "entry: no entry with id 77"),
    (["break", "77", "--from", "10:00", "--duration", "5m"], "entry: no entry with id 77"),
    (["resume", "77"], "entry: no entry with id 77"),
    (["stop", "--id", "77"], "entry: no entry with id 77"),
    (["start", "--card", "5"], "card: no card with id 5"),
]


def test_ids_out_of_range_and_unknown_ids_are_bad_input(db):  # noqa: F811
    """An id of 2^63 or more raised OverflowError; an unknown id exited 1, as if the
    environment had failed. (One database for every case: each is refused untouched.)"""
    cli(db, "add", "Admin", "--from", "-3h", "--duration", "1h")
    for args, message in OUT_OF_RANGE + UNKNOWN:
        assert refused(db, *args) == message


RATE = ("expected an hourly rate from 0 to 9999999999.99 with at most two decimals, e.g. 95 or "
        "87.50, got ")
BUDGET = ("expected a number of hours from 0 to 99999999.99 with at most two decimals, e.g. 40, "
          "got ")


MONEY = [
    (["client", "add", "Z", "--rate", "1e30"], "--rate: " + RATE + "'1e30'"),
    (["client", "add", "Z", "--rate", "1e-30"], "--rate: " + RATE + "'1e-30'"),
    (["client", "add", "Z", "--rate", "NaN"], "--rate: " + RATE + "'NaN'"),
    (["client", "add", "Z", "--rate", "-Infinity"], "--rate: " + RATE + "'-Infinity'"),
    (["client", "add", "Z", "--rate", "-1"], "--rate: " + RATE + "'-1'"),
    (["client", "add", "Z", "--rate", "95.001"], "--rate: " + RATE + "'95.001'"),
    (["client", "add", "Z", "--rate", "10000000000"], "--rate: " + RATE + "'10000000000'"),
    (["client", "add", "Z", "--rate", "1_000"], "--rate: " + RATE + "'1_000'"),
    (["client", "set", "Acme", "--rate", "1e30"], "--rate: " + RATE + "'1e30'"),
    (["project", "add", "P", "--rate", "1e30"], "--rate: " + RATE + "'1e30'"),
    (["project", "set", "Admin", "--rate", "inf"], "--rate: " + RATE + "'inf'"),
    (["project", "add", "P", "--budget", "1e30"], "--budget: " + BUDGET + "'1e30'"),
    (["project", "add", "P", "--budget", "1e-30"], "--budget: " + BUDGET + "'1e-30'"),
    (["project", "set", "Admin", "--budget", "100000000"], "--budget: " + BUDGET + "'100000000'"),
]


def test_money_out_of_range_is_bad_input(db):  # noqa: F811
    """`client add Z --rate 1e30` raised decimal.InvalidOperation; 1e-30 was stored as 0."""
    for args, message in MONEY:
        assert refused(db, *args) == message


def test_money_at_the_bounds_is_kept(db):  # noqa: F811
    cli(db, "client", "add", "Max", "--rate", "9999999999.99")
    cli(db, "project", "add", "Big", "--client", "Max", "--budget", "99999999.99")
    cli(db, "project", "add", "Free", "--rate", "0", "--budget", "0.5")
    listed = cli(db, "project", "list", "--format", "json").stdout
    assert '"budget_hours": "99999999.99"' in listed and '"hourly_rate": "0.00"' in listed
    assert '"hourly_rate": "9999999999.99"' in cli(db, "client", "list", "--format", "json").stdout


def test_config_numbers_out_of_range(db):  # noqa: F811
    """`fcc config forgotten_after_hours 1e15` raised OverflowError; so did 1e308 or a 23-digit
    integer in the config file, in every command but `fcc db` (the quick paths too)."""
    assert refused(db, "config", "forgotten_after_hours", "1e15") == (
        "forgotten_after_hours: expected a number of hours from 0.1 to 1000 like 10 or 8.5, "
        "got '1e15'")
    assert refused(db, "config", "min_entry_seconds", "9" * 23).startswith(
        "min_entry_seconds: expected a whole number of seconds from 0 to 3600")
    for toml, shown in (("forgotten_after_hours = 1e308", "1e+308"),
                        ("min_entry_seconds = 12345678901234567890123",
                         "12345678901234567890123")):
        env = config_file(db, f"[time]\n{toml}\n")
        for args in (["log"], ["status"], ["start", "Admin"], ["stop"], ["config"]):
            out = cli(db, *args, check=False, env=env)
            assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
            assert out.stderr.startswith(f"fcc: error: config: {env['FCC_CONFIG']} line 2: time.")
            assert out.stderr.endswith(f", got {shown}\n") and out.stderr.count("\n") == 1


def test_a_config_file_that_is_not_a_regular_file(db):  # noqa: F811
    fifo = db.parent / "fifo.toml"
    os.mkfifo(fifo)
    before = changes(db)
    for path, kind in ((fifo, "a FIFO (named pipe)"), ("/dev/zero", "a character device"),
                       (db.parent, "a folder")):
        for args in (["log"], ["status"], ["start", "Admin"]):
            out = cli(db, *args, check=False, env={"FCC_CONFIG": str(path)})  # (60 s timeout)
            assert out.returncode == 2 and out.stderr == (
                f"fcc: error: config: {path}: expected a regular file, got {kind}\n")
    assert changes(db) == before  # nothing started


def test_an_unknown_binding_id_in_the_config_file(db):  # noqa: F811
    env = config_file(db, '[keys]\n"timer.togle" = "y"\n')
    out = cli(db, "log", check=False, env=env)
    assert out.returncode == 2 and out.stderr.startswith(
        f"fcc: error: config: {env['FCC_CONFIG']} line 2: keys.timer.togle: expected a binding "
        "id, one of app.quit, app.help, ")
    assert out.stderr.endswith(", got 'timer.togle'\n")


@pytest.mark.parametrize("url", ["postgresql://u:secret@127.0.0.1:notaport/fcc",
                                 "postgresql://u:secret@[::1", "postgresql://u:secret@[zz]/fcc",
                                 "postgresql://u:secret@127.0.0.1:5432/"])
def test_a_malformed_postgres_url_is_one_line_and_hides_the_password(tmp_path, url):
    """urllib's ValueError was a traceback (the password was not printed: keep it so)."""
    for args, env in ((["--db", url, "log"], {}), (["--db", url, "status"], {}),
                      (["start", "Admin"], {"FCC_DATABASE_URL": url}),
                      (["db", "status"], {"FCC_DATABASE_URL": url})):
        out = run(*args, home=tmp_path, check=False, env=env)
        source = "--db" if "--db" in args else "FCC_DATABASE_URL"
        assert out.returncode == 2 and out.stderr.startswith(
            f"fcc: error: {source}: expected a URL like postgresql://USER[:PASSWORD]@HOST[:PORT]/DB")
        assert out.stderr.count("\n") == 1 and "secret" not in out.stdout + out.stderr
    assert not (tmp_path / "data").exists()  # nothing created


def test_the_write_lock_a_folder_or_unopenable_is_one_line(db):  # noqa: F811
    """`fcc.db.lock` as a folder raised IsADirectoryError; any other OSError opening it is
    named as what it is (here a symlink loop)."""
    lock = db.parent / (db.name + ".lock")
    lock.unlink()
    lock.mkdir()
    before = changes(db)
    folder = (f"{lock} is a folder; fcc needs a file of that name to queue its writes (remove "
              "the folder; fcc creates the file)")
    for args in (["start", "Admin"], ["project", "add", "New"], ["add", "Admin", "--from", "-2h",
                                                                 "--duration", "1h"]):
        assert refused(db, *args, code=1) == folder
    lock.rmdir()
    lock.symlink_to(lock.name)
    for args in (["start", "Admin"], ["project", "add", "New"]):
        assert refused(db, *args, code=1) == (
            f"cannot open the write lock {lock}: Too many levels of symbolic links")
    assert changes(db) == before


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and setpriv to run fcc as another user")
def test_a_write_lock_another_user_owns_is_permission_denied(tmp_path_factory):
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="fcc-lock-"))
    try:
        folder.chmod(0o777)
        path = folder / "fcc.db"
        run("--db", str(path), "project", "add", "Admin", home=folder)
        path.chmod(0o666)  # the database is theirs to write; the lock file stays root's 0600
        exe = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
        env.update(HOME=str(folder), XDG_CONFIG_HOME=str(folder / "config"))
        for args in (["start", "Admin"], ["project", "add", "New"]):
            out = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                  exe, "--db", str(path), *args], capture_output=True,
                                 text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
            assert out.returncode == 1 and out.stderr == (
                f"fcc: error: cannot open the write lock {path}.lock: Permission denied\n")
    finally:
        shutil.rmtree(folder)


FAULT = '''import uuid


def _fault(*args, **kwargs):
    raise RuntimeError("injected fault\\nsecond line")


uuid.uuid4 = _fault
'''


def test_an_unforeseen_error_is_one_line_unless_fcc_debug(db):  # noqa: F811
    """The last-resort net, in the full command line and on the quick path: a fault injected
    with a sitecustomize module (uuid4 raising) is one line, exit 1, and nothing is written;
    FCC_DEBUG=1 shows the traceback."""
    faults = db.parent / "faults"
    faults.mkdir()
    (faults / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
    env = {"PYTHONPATH": str(faults)}
    line = ("internal error: RuntimeError: injected fault second line; run with FCC_DEBUG=1 for "
            "the traceback")
    before = changes(db)
    for args in (["start", "Admin"], ["project", "add", "New"], ["start", "Admin", "--at", "-5m"]):
        out = cli(db, *args, check=False, env=env)
        assert (out.returncode, out.stdout, out.stderr) == (1, "", f"fcc: error: {line}\n")
        debug = cli(db, *args, check=False, env={**env, "FCC_DEBUG": "1"})
        assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
        assert debug.stderr.endswith("RuntimeError: injected fault\nsecond line\n")
    assert changes(db) == before


def test_an_import_from_a_fifo_is_one_line(db):  # noqa: F811
    fifo = db.parent / "in.csv"
    os.mkfifo(fifo)
    assert refused(db, "import", "csv", str(fifo)) == (
        f"csv: cannot read {fifo}: expected a regular file, got a FIFO (named pipe)")
