"""Issue 10 through the real `fcc` executable: entry numbers that keep working, amending around
a switch, timers stopped within a minute, and the README's example block run as written."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.test_cli import fcc as run
from tests.test_cli_time import cli, db  # noqa: F401  (db: the fixture)

README = Path(__file__).resolve().parent.parent / "README.md"


def test_ids_a_user_has_seen_keep_working(db):  # noqa: F811
    """`fcc break 3` said "now entries 4 and 5"; then `fcc amend 3` was refused."""
    for ago in ("-74h", "-50h"):
        cli(db, "add", "Admin", "--from", ago, "--duration", "1h")
    added = cli(db, "add", "Acme/Website", "--from", "yesterday 9:00", "--to",
                "yesterday 12:00").stdout
    assert added.endswith("entry 3\n")
    said = cli(db, "break", "3", "--from", "yesterday 10:00", "--duration", "30m").stdout
    assert said == "took a 0:30 break out of entry 3; the part after it is entry 5\n"
    assert cli(db, "amend", "3", "--note", "standup").stdout == "amended entry 3: note\n"
    assert cli(db, "split", "3", "--at", "yesterday 9:30").stdout == (
        "split entry 3 at 09:30; the second part is entry 8\n")
    assert cli(db, "amend", "4", "--append-note", "old id").stdout.startswith(
        "amended entry 3: note")  # 4 was a version of entry 3: older fcc printed it
    history = cli(db, "history", "3").stdout.splitlines()
    assert [line.split()[:3] for line in history] == [
        ["3", "version", "3"], ["3", "version", "4"], ["3", "version", "6"],
        ["3", "version", "7"], ["3", "version", "9"]]
    assert "[replaced by version 4]" in history[0] and "[current]" in history[-1]
    assert "'standup\\nold id'" in history[-1]
    cut = cli(db, "history", "8").stdout.splitlines()  # where the second part came from
    assert "[the version of entry 3 it was cut from]" in cut[0] and "[current]" in cut[1]
    rows = json.loads(cli(db, "log", "--from", "-80h", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [1, 2, 3, 8, 5]
    assert [r["version"] for r in rows] == [1, 2, 9, 8, 5]
    exported = json.loads(cli(db, "export").stdout)
    assert sorted(r["id"] for r in exported) == [1, 2, 3, 5, 8]
    cli(db, "void", "8", "--reason", "dup")
    out = cli(db, "amend", "8", "--note", "x", check=False)
    assert out.returncode == 2 and out.stderr == (
        "fcc: error: entry: expected an entry that is not voided (entry 8 was voided: dup), "
        "got 8\n")


def test_amend_with_the_minute_shown_after_a_switch(db):  # noqa: F811
    """`fcc switch` at hh:mm:ss, then `fcc amend N --from hh:mm` (what `started ... at` said)
    used to overlap the entry the switch stopped in that same minute."""
    cli(db, "start", "Admin", "--at", "-5m")
    _leave_the_full_minute()
    said = cli(db, "switch", "Acme/Website").stdout
    hhmm = re.match(r"started Acme/Website at (\d\d:\d\d); stopped Admin after", said)
    assert hhmm, said
    out = cli(db, "amend", "2", "--from", hhmm.group(1), "--note", "from the switch")
    assert out.stdout == "amended entry 2: note\n"
    conn = sqlite3.connect(db)
    (end,), (start,) = conn.execute("SELECT end_utc FROM time_entry WHERE id = 1 UNION ALL "
                                    "SELECT start_utc FROM time_entry WHERE id = 3").fetchall()
    assert start == end and start % 60  # the seconds were kept: no gap, no overlap


def test_amend_with_seconds_typed_sets_them_exactly(db):  # noqa: F811
    """`--from 10:00:00` on an entry that started 10:00:45 moves it to 10:00:00; `--from 10:00`
    (as `fcc log` shows it) keeps 10:00:45."""
    cli(db, "add", "Admin", "--from", "2026-11-20T10:00:45Z", "--to", "2026-11-20T11:00:00Z")
    (row,) = json.loads(cli(db, "log", "--from", "2026-11-20 00:00", "--format", "json").stdout)
    number, start = row["id"], dt.datetime.fromisoformat(row["start"])
    shown = start.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")  # cli's zone
    assert cli(db, "amend", str(number), "--from", shown).stdout == (
        f"nothing changed in entry {number}\n")
    cli(db, "amend", str(number), "--from", shown + ":00")
    rows = json.loads(cli(db, "log", "--from", "2026-11-20 00:00", "--format", "json").stdout)
    assert dt.datetime.fromisoformat(rows[0]["start"]) == start.replace(second=0)


def _leave_the_full_minute() -> None:
    """Never switch near second 0 (a start on the full minute would hide the bug)."""
    while not 2 < time.time() % 60 < 57:
        time.sleep(0.2)


def test_a_timer_stopped_within_a_minute_is_discarded_and_undo_keeps_it(db):  # noqa: F811
    cli(db, "start", "Admin")  # the quick path
    out = cli(db, "stop").stdout  # the quick path hands this one to the store
    assert re.fullmatch(r"discarded: ran 0:00:0\d \(< 1 min\); fcc undo keeps it\n", out), out
    assert json.loads(cli(db, "log", "--format", "json").stdout) == []
    assert cli(db, "undo").stdout.startswith("undid: discarded Admin: ran 0:00:0")
    (kept,) = json.loads(cli(db, "log", "--format", "json").stdout)
    assert (kept["id"], kept["project"], kept["status"]) == (1, "Admin", "ok")
    cli(db, "config", "min_entry_seconds", "0")
    cli(db, "start", "Admin")
    assert cli(db, "stop").stdout.startswith("stopped Admin after 0:00")
    bad = cli(db, "config", "min_entry_seconds", "1m", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith(
        "fcc: error: min_entry_seconds: expected a whole number of seconds from 0 to 3600")


def test_switching_away_within_a_minute_says_it_discarded(db):  # noqa: F811
    cli(db, "start", "Admin")
    started = json.loads(cli(db, "log", "--format", "json").stdout)  # (in the same second, too)
    assert [(r["project"], r["status"]) for r in started] == [("Admin", "running")]
    out = cli(db, "switch", "Acme/Website").stdout
    assert re.fullmatch(r"started Acme/Website at \d\d:\d\d; discarded Admin: ran 0:00:0\d "
                        r"\(< 1 min\); fcc undo keeps it\n", out), out
    cli(db, "undo")
    kept = json.loads(cli(db, "log", "--format", "json").stdout)
    assert sorted((r["project"], r["status"]) for r in kept) == [
        ("Acme/Website", "running"), ("Admin", "ok")]


# --- the README's example block, as written ---------------------------------------------


def readme_block() -> list[tuple[str, str | None]]:
    """The commands of the Time tracking example, each with the output its `# →` comment
    promises (None where there is none)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Time tracking"):]
    block = section[section.index("```sh\n") + 6:]
    block = block[:block.index("```")]
    commands: list[tuple[str, str | None]] = []
    for line in block.splitlines():
        code, _, comment = line.partition("#")
        if "'" in code and code.count("'") % 2:  # a '#' inside quotes: not a comment
            code, comment = line, ""
        if code.strip():
            commands.append((code.strip(), None))
        comment = comment.strip()
        if comment.startswith("→"):
            commands[-1] = (commands[-1][0], comment[1:].strip())
    return commands


def test_the_readme_example_runs_as_written(tmp_path):
    home = tmp_path / "home"
    (home / ".config" / "watson").mkdir(parents=True)
    start = int(time.time()) - 10 * 86400
    (home / ".config" / "watson" / "frames").write_text(json.dumps(
        [[start, start + 3600, "Web", "f1", ["dev"], start + 3600]]))
    (home / ".timewarrior" / "data").mkdir(parents=True)
    (home / ".timewarrior" / "data" / "2026-10.data").write_text(
        "inc 20261001T080000Z - 20261001T100000Z # Research\n")
    exe = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    environ.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / ".config"), FCC_ZONE="Europe/Berlin")
    commands = readme_block()
    assert len(commands) > 20 and commands[0][0].startswith("fcc client add Acme")
    for line, promised in commands:
        argv = [str(home) + a[1:] if a.startswith("~/") else a for a in shlex.split(line)]
        assert argv[0] == "fcc"
        out = subprocess.run([exe, *argv[1:]], capture_output=True, text=True, env=environ,
                             cwd=tmp_path, timeout=60, stdin=subprocess.DEVNULL)
        assert out.returncode == 0, f"{line}\n{out.stderr}"
        assert "Traceback" not in out.stderr
        if promised is not None:
            assert out.stdout.strip() == promised, line
    assert (tmp_path / "hours.csv").exists()
    # and a fresh run of `fcc history 3` still shows the whole story of entry 3
    history = run("history", "3", home=home, env={"FCC_ZONE": "Europe/Berlin"})
    lines = history.stdout.splitlines()
    assert all(line.split()[0] == "3" for line in lines) and "[current]" in lines[-1]
