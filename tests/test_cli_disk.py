"""Faults of the disk through the real ``fcc`` entry point (issue 11, part 3): a read-only
database file, folder and mount, a full disk (a small tmpfs), a damaged file and
``fcc db restore``, and one backup when eight processes migrate an old database at once.

fcc's tests run as root in CI, and root ignores file modes: the read-only tests run ``fcc``
under ``setpriv`` without CAP_DAC_OVERRIDE (as any user would be); the tmpfs tests mount one.
Where that is not allowed they skip, saying why; tests/store/test_disk_faults.py injects the
same faults at SQLite's level and always runs."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fcc.store import faults
from fcc.store.backup import list_backups
from tests.damage import corrupt_middle_page

EXE = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
SETPRIV = shutil.which("setpriv")
UNPRIVILEGED = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search", "--"] \
    if SETPRIV and os.geteuid() == 0 else []


def run(db: Path, *args: str, home: Path, drop: bool = False,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    environ.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), FCC_ZONE="UTC")
    prefix = UNPRIVILEGED if drop else []
    return subprocess.run([*prefix, EXE, "--db", str(db), *args], capture_output=True,
                          text=True, env=environ, timeout=60, input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def one_error(out: subprocess.CompletedProcess[str], code: int, *parts: str) -> str:
    assert out.returncode == code, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("fcc: error:")]
    assert len(lines) == 1, out.stderr
    for part in parts:
        assert part in lines[0], (part, lines[0])
    return lines[0]


def rows(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(faults.read_only_uri(db) + "&immutable=1", uri=True)
    try:
        return tuple(conn.execute(
            "SELECT (SELECT count(*) FROM time_entry), (SELECT count(*) FROM project), "
            "(SELECT count(*) FROM activity), (SELECT count(*) FROM client)").fetchone())
    finally:
        conn.close()


def seed(db: Path, home: Path, *, running: bool = True) -> None:
    for args in (("project", "add", "Web"),
                 ("add", "Web", "--from", "yesterday 9:00", "--to", "yesterday 10:00"),
                 *((("start", "Web", "--at", "-30m"),) if running else ())):
        out = run(db, *args, home=home)
        assert out.returncode == 0, out.stderr


def csv_file(folder: Path) -> Path:
    path = folder / "in.csv"
    path.write_text("project,start,end\nWeb,2026-11-01T09:00:00Z,2026-11-01T10:00:00Z\n")
    return path


WRITES = [
    ("start", "Web"), ("stop",), ("add", "Web", "--from", "yesterday 11:00", "--to",
                                  "yesterday 11:30"),
    ("project", "add", "Other"), ("undo",),
]
READS = [("log",), ("status",), ("report",), ("export",)]


def needs_setpriv() -> None:
    if os.geteuid() == 0 and not UNPRIVILEGED:
        pytest.skip("running as root without setpriv: file modes cannot be tested")
    if UNPRIVILEGED:
        probe = subprocess.run([*UNPRIVILEGED, "true"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.strip()}")


# --- read-only -------------------------------------------------------------------------------


def test_a_read_only_database_file_refuses_every_write_and_reads_go_on(tmp_path):
    needs_setpriv()
    db = tmp_path / "fcc.db"
    seed(db, tmp_path)
    before = rows(db)
    db.chmod(0o444)
    try:
        for args in [*WRITES, ("import", "csv", str(csv_file(tmp_path)))]:
            out = run(db, *args, home=tmp_path, drop=True)
            one_error(out, 1, f"the database {db} is read-only",
                      "the file is not writable: mode 0444")
        for args in READS:
            out = run(db, *args, home=tmp_path, drop=True)
            assert out.returncode == 0, (args, out.stderr)
        assert "Web" in run(db, "status", home=tmp_path, drop=True).stdout
    finally:
        db.chmod(0o600)
    assert rows(db) == before


def test_a_read_only_folder_is_named_and_reads_go_on(tmp_path):
    needs_setpriv()
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "fcc.db"
    seed(db, tmp_path)
    before = rows(db)
    for extra in ("-wal", "-shm"):  # closed cleanly: SQLite removed them
        assert not Path(str(db) + extra).exists()
    folder.chmod(0o555)
    try:
        one_error(run(db, "start", "Web", home=tmp_path, drop=True), 1,
                  f"the database {db} is read-only", f"its folder {folder} is not writable")
        one_error(run(db, "project", "add", "New", home=tmp_path, drop=True), 1,
                  "is read-only", "not writable")
        log = run(db, "log", home=tmp_path, drop=True)
        assert log.returncode == 0 and "Web" in log.stdout, log.stderr
        # a new database there: the folder named, not "cannot be read as a SQLite database"
        new = folder / "new.db"
        one_error(run(new, "project", "add", "X", home=tmp_path, drop=True), 1,
                  f"cannot create {new}", f"its folder {folder} is not writable")
    finally:
        folder.chmod(0o700)
    assert rows(db) == before


@pytest.fixture
def tmpfs(tmp_path) -> Iterator[Path]:
    """A 2 MiB tmpfs of its own (root only): room for a downgrade's backup and rebuilds."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_read_only_mount_is_named_and_reads_go_on(tmpfs, tmp_path):
    db = tmpfs / "fcc.db"
    seed(db, tmp_path)
    before = rows(db)
    ro = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True,
                        text=True)
    if ro.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {ro.stderr.strip()}")
    for args in WRITES:
        one_error(run(db, *args, home=tmp_path), 1, f"the database {db} is read-only",
                  "its file system is mounted read-only")
    log = run(db, "log", home=tmp_path)
    assert log.returncode == 0 and "Web" in log.stdout, log.stderr
    assert rows(db) == before


# --- a full disk -----------------------------------------------------------------------------


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system until ``leave`` bytes are free (0: until it is full)."""
    filler = folder / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                free = faults.free_bytes(folder) or 0
                if free <= leave:
                    break
                fh.write(b"\0" * min(4096, free - leave))
                fh.flush()
        except OSError:
            pass
    return filler


def watson_frames(folder: Path, n: int) -> Path:
    frames = [[1_700_000_000 + i * 7200, 1_700_000_000 + i * 7200 + 3600, f"P{i % 7}",
               uuid.UUID(int=i).hex, ["t"], 1_700_000_000] for i in range(n)]
    path = folder / "frames"
    path.write_text(json.dumps(frames))
    return path


def test_a_full_disk_is_one_line_and_the_data_stays_intact(tmpfs, tmp_path):
    db = tmpfs / "fcc.db"
    seed(db, tmp_path)
    frames = watson_frames(tmp_path, 2000)
    before = rows(db)
    filler = fill(tmpfs, 0)
    for args in [*WRITES, ("import", "watson", str(frames)),
                 ("import", "csv", str(csv_file(tmp_path))), ("db", "backup")]:
        out = run(db, *args, home=tmp_path)
        one_error(out, 1, "disk full")
        assert "cannot rollback" not in out.stderr
    log = run(db, "log", home=tmp_path)  # reads go on
    assert log.returncode == 0 and "Web" in log.stdout, log.stderr
    filler.unlink()
    assert faults.check_file(db) is None and rows(db) == before
    assert list_backups(db) == [] and sorted(p.name for p in tmpfs.iterdir() if
                                             "backup" in p.name) == []


@pytest.mark.parametrize("free_kib", [16, 200])
def test_nearly_full_every_command_works_or_says_disk_full(tmpfs, tmp_path, free_kib):
    """The audit's sizes: each command either succeeds or is one line naming the full disk,
    and whatever happened, the database passes SQLite's integrity check afterwards."""
    db = tmpfs / "fcc.db"
    seed(db, tmp_path)
    frames = watson_frames(tmp_path, 2000)
    filler = fill(tmpfs, free_kib * 1024)
    for args in [*WRITES, ("import", "watson", str(frames)), ("db", "backup")]:
        before = rows(db)
        out = run(db, *args, home=tmp_path)
        assert "Traceback" not in out.stderr and "cannot rollback" not in out.stderr
        if out.returncode != 0:
            one_error(out, 1, "disk full")
            if args[0] != "import":  # an import commits in chunks and resumes when rerun
                assert rows(db) == before, args
    filler.unlink()
    assert faults.check_file(db, full=True) is None


# --- a damaged file --------------------------------------------------------------------------


def big_db(path: Path) -> Path:
    from tests.benchmarks.data import build_time_db

    build_time_db(path, entries=3000)
    return path



def test_a_damaged_database_is_never_written_and_restore_brings_the_backup_back(tmp_path):
    db = big_db(tmp_path / "fcc.db")
    backed = run(db, "db", "backup", home=tmp_path)
    assert backed.returncode == 0, backed.stderr
    good = list_backups(db)
    assert len(good) == 1
    corrupt_middle_page(db)
    data = db.read_bytes()
    advice = f"fcc db restore {good[0]}"
    commands = [("start", "Project 1"), ("stop",), ("status",),
                ("add", "Project 1", "--from", "yesterday 9:00", "--to", "yesterday 9:30"),
                ("report", "--year"), ("log",), ("import", "csv", str(csv_file(tmp_path))),
                ("project", "add", "New"), ("undo",), ("db", "backup"), ("db", "status")]
    for args in commands:
        out = run(db, *args, home=tmp_path)
        one_error(out, 1, f"the database {db} is damaged", advice)
        assert db.read_bytes() == data, args
        assert not Path(str(db) + "-wal").exists() or \
            Path(str(db) + "-wal").stat().st_size == 0, args
    assert list_backups(db) == good  # the damaged copy never rotated in

    # restore: asks first (no answer: nothing changes), then keeps the damaged file aside
    asked = run(db, "db", "restore", str(good[0]), home=tmp_path, stdin="")
    assert asked.returncode == 1 and "Replace" in asked.stderr
    assert db.read_bytes() == data
    bad = tmp_path / "copy-of-damaged.db"
    bad.write_bytes(data)
    one_error(run(db, "db", "restore", str(bad), "--yes", home=tmp_path), 1, "damaged too")
    done = run(db, "db", "restore", str(good[0]), "--yes", home=tmp_path)
    assert done.returncode == 0, done.stderr
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("fcc.db.replaced-")
            and p.name.count(".") == 2]
    assert len(kept) == 1 and kept[0].read_bytes() == data and str(kept[0]) in done.stdout
    assert db.read_bytes() == good[0].read_bytes()
    started = run(db, "start", "Project 1", home=tmp_path)
    assert started.returncode == 0, started.stderr


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    db = tmp_path / "fcc.db"
    seed(db, tmp_path, running=False)
    before = db.read_bytes()
    one_error(run(db, "db", "restore", str(tmp_path / "nope.db"), "--yes", home=tmp_path), 2,
              "BACKUP: expected an existing backup file")
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    one_error(run(db, "db", "restore", str(text), "--yes", home=tmp_path), 2, "BACKUP:")
    one_error(run(db, "db", "restore", str(db), "--yes", home=tmp_path), 2,
              "not the database itself")
    assert db.read_bytes() == before


# --- one backup per migration run ------------------------------------------------------------


def test_eight_commands_at_once_on_an_old_database_write_one_backup(tmp_path):
    db = tmp_path / "fcc.db"
    seed(db, tmp_path, running=False)
    down = run(db, "db", "downgrade", "--to", "2", "--yes", home=tmp_path)
    assert down.returncode == 0, down.stderr
    before = list_backups(db)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    environ.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    procs = [subprocess.Popen([EXE, "--db", str(db), "log"], env=environ,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(8)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, results
    new = [b for b in list_backups(db) if b not in before]
    assert len(new) == 1 and new[0].name.endswith("-v2")
    assert sum("upgraded" in err for _, err in results) == 1


# --- a fault of the disk is not damage -------------------------------------------------------


def test_a_full_disk_after_a_downgrade_is_not_taken_for_damage(tmpfs, tmp_path):
    """The review's reproduction: SQLite's quick_check answering "disk I/O error" on a full
    disk said "damaged" and left a marker that refused the healthy file for good."""
    db = tmpfs / "g.db"
    seed(db, tmp_path, running=False)
    out = run(db, "db", "downgrade", "--to", "2", "--yes", home=tmp_path)
    assert out.returncode == 0, out.stderr
    filler = fill(tmpfs, 8 * 1024)
    for args in (("log",), ("start", "Web"), ("db", "upgrade")):
        out = run(db, *args, home=tmp_path)
        assert "damaged" not in out.stderr and "Traceback" not in out.stderr, out.stderr
        if out.returncode != 0:
            one_error(out, 1, "disk full")
        assert not Path(faults.marker(db)).exists()
    filler.unlink()
    assert faults.check_file(db, full=True) is None
    out = run(db, "db", "status", home=tmp_path)  # (upgrading wants room for a backup)
    assert out.returncode == 0 and "version 2" in out.stdout, out.stderr


def test_a_read_only_folder_during_a_downgrade_is_named_not_damage(tmp_path):
    needs_setpriv()
    folder = tmp_path / "ro2"
    folder.mkdir()
    db = folder / "r.db"
    seed(db, tmp_path, running=False)
    before = rows(db)
    folder.chmod(0o555)
    try:
        out = run(db, "db", "downgrade", "--to", "2", "--yes", home=tmp_path, drop=True)
        one_error(out, 1, "read-only", f"its folder {folder} is not writable")
        assert "damaged" not in out.stderr
        assert not Path(faults.marker(db)).exists()
    finally:
        folder.chmod(0o700)
    assert rows(db) == before
    assert run(db, "log", home=tmp_path).returncode == 0


def test_db_check_clears_a_mark_on_a_sound_file_and_keeps_it_on_a_damaged_one(tmp_path):
    db = tmp_path / "fcc.db"
    seed(db, tmp_path, running=False)
    before = rows(db)
    Path(faults.marker(db)).write_bytes(b"")  # empty: left by a misdiagnosis
    out = run(db, "log", home=tmp_path)
    one_error(out, 1, "is damaged (marked as damaged)", "fcc db check")
    out = run(db, "db", "check", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "passes SQLite's integrity_check" in out.stdout and "was removed" in out.stdout
    assert not Path(faults.marker(db)).exists()
    assert run(db, "log", home=tmp_path).returncode == 0 and rows(db) == before
    again = run(db, "db", "check", home=tmp_path)
    assert again.returncode == 0 and "removed" not in again.stdout

    corrupt_middle_page(db)
    data = db.read_bytes()
    one_error(run(db, "db", "check", home=tmp_path), 1, f"the database {db} is damaged",
              "integrity_check")
    assert Path(faults.marker(db)).exists() and db.read_bytes() == data
    one_error(run(tmp_path / "none.db", "db", "check", home=tmp_path), 2, "no database file")
    assert not (tmp_path / "none.db").exists()


def test_db_backup_force_replaces_only_a_regular_file_apart_from_the_database(tmp_path):
    import socket

    db = tmp_path / "n.db"
    seed(db, tmp_path)  # a running timer: the -wal and -shm exist while fcc runs, not after
    data, before = db.read_bytes(), rows(db)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    link_to_db = tmp_path / "link.db"
    link_to_db.symlink_to(db)
    for path, kind in ((fifo, "a FIFO"), (sock_path, "a socket"), (Path("/dev/null"),
                                                                   "a character device")):
        for extra in ((), ("--force",)):
            out = run(db, "db", "backup", str(path), *extra, home=tmp_path)
            one_error(out, 2, f"PATH: expected a new file or a regular file, got {path}",
                      kind)
    sock.close()
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_ISSOCK(sock_path.lstat().st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    for path, what in ((db, "the database itself"), (link_to_db, "the database itself"),
                       (Path(f"{db}-wal"), "-wal file"), (Path(f"{db}-shm"), "-shm file"),
                       (Path(f"{db}.lock"), ".lock file"), (Path(f"{db}.damaged"),
                                                            ".damaged file")):
        out = run(db, "db", "backup", str(path), "--force", home=tmp_path)
        one_error(out, 2, "PATH: expected a file apart from the database", what)
        assert not Path(f"{db}.damaged").exists() and not Path(f"{db}-wal").exists()
    assert db.read_bytes() == data and link_to_db.is_symlink() and rows(db) == before
    other = tmp_path / "old-backup.db"
    other.write_text("an older copy")
    out = run(db, "db", "backup", str(other), "--force", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert faults.check_file(other) is None and rows(other) == before


def test_a_backup_into_a_read_only_folder_and_a_downgrade_of_a_read_only_file_say_so(
        tmp_path):
    needs_setpriv()
    db = tmp_path / "fcc.db"
    seed(db, tmp_path, running=False)
    before = rows(db)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        out = run(db, "db", "backup", str(ro / "copy.db"), home=tmp_path, drop=True)
        one_error(out, 1, f"cannot write the backup {ro / 'copy.db'}",
                  f"its folder {ro} is not writable (read-only)")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)
    db.chmod(0o444)
    try:
        out = run(db, "db", "downgrade", "--to", "2", "--yes", home=tmp_path, drop=True)
        line = one_error(out, 1, f"the database {db} is read-only",
                         "the file is not writable: mode 0444")
        assert "before the upgrade" not in line and "damaged" not in line
        assert "before the downgrade" in line or "backup" not in line
    finally:
        db.chmod(0o600)
    assert rows(db) == before and not Path(faults.marker(db)).exists()


def test_restore_and_its_question_show_a_hostile_file_name_visibly(tmp_path):
    db = tmp_path / "fcc.db"
    seed(db, tmp_path, running=False)
    backup = tmp_path / "b\x1b]0;pwned\x07.db"
    assert run(db, "db", "backup", str(backup), home=tmp_path).returncode == 0
    asked = run(db, "db", "restore", str(backup), home=tmp_path, stdin="n\n")
    assert asked.returncode == 1 and "\x1b" not in asked.stderr and "\x07" not in asked.stderr
    assert "b␛]0;pwned␇.db" in asked.stderr
    done = run(db, "db", "restore", str(backup), "--yes", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and f"from {tmp_path}/b␛]0;pwned␇.db" in done.stdout
