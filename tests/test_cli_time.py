"""The time commands through the real `fcc` executable, as a user (or a status bar) runs them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import midday_zone
from tests.test_cli import fcc as run


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fcc.db"
    for args in (["client", "add", "Acme", "--rate", "95", "--rounding", "15:up"],
                 ["project", "add", "Website", "--client", "Acme", "--budget", "40"],
                 ["project", "add", "Admin"],
                 ["project", "add", "Website"]):
        cli(path, *args)
    return path


def cli(path, *args, check=True, env=None):
    return run("--db", str(path), *args, home=path.parent, check=check,
               env={"FCC_ZONE": "Europe/Berlin", **(env or {})})


def test_a_day_of_tracking(db):
    zone = {"FCC_ZONE": midday_zone()}  # "today 2:0x" holds at any hour of the real clock
    out = cli(db, "start", "Acme/Website", "--note", "[bold]login[/] bug", "--tag", "dev",
              "--at", "-2h", env=zone).stdout
    assert out.startswith("started Acme/Website at ")
    status = cli(db, "status", env=zone).stdout
    assert status.startswith("Acme/Website 2:0") and "(today 2:0" in status
    custom = cli(db, "status", "--format", "{project}|{note}|{tags}").stdout
    assert custom == "Acme/Website|[bold]login[/] bug|dev\n"  # literal, not markup
    assert cli(db, "switch", "Admin", "--at", "-1h").stdout.startswith(
        "started Admin at ")
    assert "stopped Admin after" in cli(db, "stop").stdout
    assert cli(db, "status", check=False).returncode == 1  # idle: silent, exit 1
    assert cli(db, "status", check=False).stdout == ""
    rows = json.loads(cli(db, "log", "--format", "json").stdout)
    assert [(r["project"], r["status"]) for r in rows] == [("Acme/Website", "ok"),
                                                           ("Admin", "ok")]
    assert rows[0]["tags"] == ["dev"] and rows[0]["rate"] == "95.00"
    assert 3600 <= rows[0]["seconds"] <= 3660  # (each command reads its own "now"; slow under load)
    assert rows[0]["end"] == rows[1]["start"]  # no gap
    first = rows[0]["id"]
    amended = cli(db, "amend", str(first), "--append-note", "and tests").stdout
    assert amended == f"amended entry {first}: note\n"
    history = cli(db, "history", str(first)).stdout.splitlines()
    assert len(history) == 2 and "[replaced by" in history[0] and "[current]" in history[1]
    assert cli(db, "undo").stdout.startswith(f"undid: amended entry {first}")
    csv_out = cli(db, "log", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,uuid,client,project,card")
    assert len(csv_out) == 3


FULL = {"FCC_QUICK": "0"}  # tui/entry.py skips every quick path: click's full command line


def full_cli(path, *args, check=True, env=None):
    """``fcc`` forced onto the full command line (see test_the_full_path_switch_is_real)."""
    return cli(path, *args, check=check, env={**(env or {}), **FULL})


NO_CLICK = """\
import sys


class _NoClick:
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            raise ImportError("click is blocked in this test")


sys.meta_path.insert(0, _NoClick())
"""


def test_the_full_path_switch_is_real(db):
    """With click unimportable, ``fcc status`` still answers (the quick path needs no click);
    with FCC_QUICK=0 it cannot, so the comparisons below really ran the full command line."""
    site = db.parent / "noclick"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_CLICK, encoding="utf-8")
    blocked = {"PYTHONPATH": str(site)}
    cli(db, "start", "Admin", "--at", "-5m")
    assert cli(db, "status", "--format", "{project}", env=blocked).stdout == "Admin\n"
    forced = full_cli(db, "status", "--format", "{project}", env=blocked, check=False)
    assert forced.returncode != 0 and "click is blocked in this test" in forced.stderr
    assert full_cli(db, "status", "--format", "{project}").stdout == "Admin\n"


def test_status_fast_path_agrees_with_the_full_command(db):
    cli(db, "start", "Admin", "--at", "-75m", "--tag", "a", "--tag", "b")
    for template in ("{project} {elapsed} {tags} {count}", "{start} {note}|{card}|{client}"):
        fast = cli(db, "status", "--format", template).stdout
        assert fast == full_cli(db, "status", "--format", template).stdout
    assert fast.endswith(" ||\n")  # no note, card or client
    assert cli(db, "status", "--format", "{project} {elapsed} {tags} {count}").stdout == \
        "Admin 1:15 a,b 1\n"
    # the default line too (today's total included), and idle: silent, exit 1 on both paths
    assert cli(db, "status").stdout == full_cli(db, "status").stdout
    cli(db, "stop")
    for run_it in (cli, full_cli):
        idle = run_it(db, "status", check=False)
        assert (idle.returncode, idle.stdout, idle.stderr) == (1, "", "")


def test_status_on_an_old_schema_migrates_first(tmp_path):
    path = tmp_path / "old.db"
    run("--db", str(path), "db", "upgrade", "--to", "1", home=tmp_path)
    out = run("--db", str(path), "status", home=tmp_path, check=False)
    assert out.returncode == 1 and "upgraded" in out.stderr  # the full path ran and migrated


@pytest.mark.parametrize("args, message", [
    (["start", "Website"], "project: expected one of Acme/Website, Website (the name is "
                           "ambiguous; /Website is the one without a client), got 'Website'"),
    (["start", "Webiste"], "project: no project named 'Webiste'; did you mean"),
    (["start", "Admin", "--at", "tomorrowish"], "--at: expected a time like 17:30"),
    (["start", "Admin", "--at", "+2h"], "--at: expected a time that is not in the future"),
    (["add", "Admin", "--from", "9:00", "--duration", "lots"], "--duration: expected"),
    (["add", "Admin", "--from", "9:00"], "--to: expected either --to WHEN or --duration"),
    (["void", "1", "--reason", " "], "--reason: expected a reason"),
    (["project", "add", "X", "--rounding", "7:up"], "rounding: expected none, or MINUTES"),
    (["project", "set", "Admin", "--rate", "cheap"], "--rate: expected an hourly rate"),
    (["client", "add", "Beta", "--currency", "euro"], "currency: expected a three-letter"),
    (["config", "week_start", "someday"], "week_start: expected a weekday"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(db, args, message):
    before = sqlite3.connect(db).execute("SELECT count(*) FROM activity").fetchone()
    out = cli(db, *args, check=False)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"fcc: error: {message}") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM activity").fetchone() == before


def test_overlaps_are_refused_with_the_entry_named(db):
    cli(db, "add", "Admin", "--from", "yesterday 9:00", "--to", "yesterday 12:00")
    out = cli(db, "add", "Acme/Website", "--from", "yesterday 11:00", "--to",
              "yesterday 13:00", check=False)
    assert out.returncode == 2 and "overlaps entry 1, Admin" in out.stderr
    ok = cli(db, "add", "Acme/Website", "--from", "yesterday 11:00", "--to", "yesterday 13:00",
             "--allow-overlap")
    assert ok.stdout.startswith("added 2:00 on Acme/Website")
    assert "took a 0:30 break out of entry 1" in cli(
        db, "break", "1", "--from", "yesterday 10:00", "--to", "yesterday 10:30").stdout


def test_clients_and_projects(db):
    cli(db, "project", "rename", "Admin", "Office")
    cli(db, "project", "merge", "/Website", "Acme/Website")
    listed = json.loads(cli(db, "project", "list", "--format", "json").stdout)
    assert [p["name"] for p in listed] == ["Office", "Website"]
    website = next(p for p in listed if p["name"] == "Website")
    assert website["budget_remaining_seconds"] == 40 * 3600
    cli(db, "client", "set", "Acme", "--rate", "110")
    clients = json.loads(cli(db, "client", "list", "--format", "json").stdout)
    assert clients[0]["hourly_rate"] == "110.00" and clients[0]["rounding"] == "15:up:entry"
    cli(db, "client", "archive", "Acme")
    assert json.loads(cli(db, "client", "list", "--format", "json").stdout) == []
    assert "--rerate-from" in cli(db, "project", "set", "--help").stdout


@pytest.mark.parametrize("command", ["client", "project", "start", "stop", "status", "add",
                                     "amend", "split", "break", "void", "undo", "log",
                                     "switch", "resume", "history", "config"])
def test_every_command_has_help_with_an_example(tmp_path, command):
    out = run(command, "--help", home=tmp_path).stdout
    assert "Usage: fcc" in out
    if command not in ("client", "project"):
        assert "Example: fcc" in out


# --- the config file ---------------------------------------------------------------------


def config_file(db, text):
    """A config file next to the database, and the environment that points fcc at it."""
    path = db.parent / "my-config.toml"
    path.write_text(text, encoding="utf-8")
    return {"FCC_CONFIG": str(path)}


def test_fcc_config_marks_what_the_file_sets(db):
    cli(db, "config", "week_start", "tuesday")
    cli(db, "config", "currency", "GBP")
    env = config_file(db, '[time]\nweek_start = "sunday"\nallow_parallel = true\n')
    shown = [line.split() for line in cli(db, "config", env=env).stdout.splitlines()]
    assert shown == [["zone", "Europe/Berlin"], ["week_start", "sunday", "(config", "file)"],
                     ["forgotten_after_hours", "10"],
                     ["allow_parallel", "true", "(config", "file)"], ["currency", "GBP"],
                     ["rounding", "none"], ["min_entry_seconds", "60"]]
    out = cli(db, "config", "week_start", env=env)
    assert out.stdout == "tuesday\n"  # what the database holds, for every machine
    assert out.stderr == (f"fcc: note: week_start is sunday on this machine: the config file "
                          f"{env['FCC_CONFIG']} sets it\n")
    assert cli(db, "config").stdout.split("\n")[1].split() == ["week_start", "tuesday"]


def test_fcc_config_path(db):
    assert cli(db, "config", "--path").stdout == f"{db.parent / 'config' / 'fcc' / 'config.toml'}\n"
    env = config_file(db, "[time\n")  # broken: --path still answers, to say where to fix it
    assert cli(db, "config", "--path", env=env).stdout == env["FCC_CONFIG"] + "\n"
    out = cli(db, "config", "--path", "zone", env=env, check=False)
    assert out.returncode == 2 and out.stderr == (
        "fcc: error: --path: expected nothing beside it (no KEY, VALUE or --unset), got 'zone'\n")


def test_a_bad_config_file_is_one_line_exit_2_and_writes_nothing(db):
    env = config_file(db, '# mine\n[time]\nweek_start = "funday"\n')
    cli(db, "start", "Admin", "--at", "-1h")
    before = db.read_bytes()
    for args in (["status"], ["start", "Acme/Website"], ["stop"], ["config"], ["log"],
                 ["report", "--week"]):  # the quick paths leave it to the full one
        out = cli(db, *args, env=env, check=False)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr == (f"fcc: error: config: {env['FCC_CONFIG']} line 3: "
                              "time.week_start: expected a weekday like monday or sunday, got "
                              "'funday'\n")
        assert out.stdout == "" and db.read_bytes() == before



def test_a_bad_config_file_never_stops_the_db_commands(db):
    """They use no settings: a backup (or the upgrade that may fix things) must still work."""
    env = config_file(db, '[time]\nweek_start = "funday"\n')
    assert "schema:    version" in cli(db, "db", "status", env=env).stdout
    copy = db.parent / "copy.db"
    assert cli(db, "db", "backup", str(copy), env=env).stdout == f"backup written to {copy}\n"
    assert copy.exists()
    assert cli(db, "db", "upgrade", env=env).returncode == 0

def test_a_bad_config_file_creates_no_database(tmp_path):
    path = tmp_path / "new.db"
    env = config_file(path, "[tui]\ntheme = 1\n")
    out = cli(path, "project", "add", "X", env=env, check=False)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "line 2: tui.theme: expected a theme name" in out.stderr
    assert not path.exists()


def test_start_status_and_stop_use_the_zone_of_the_file(db):
    # (min_entry_seconds = 0: this timer runs for a second and should be kept)
    env = config_file(db, '[time]\nzone = "America/New_York"\nmin_entry_seconds = 0\n')
    before = dt.datetime.now(ZoneInfo("America/New_York"))
    started = cli(db, "start", "Admin", env=env).stdout  # the quick path
    after = dt.datetime.now(ZoneInfo("America/New_York"))
    assert started in {f"started Admin at {t:%H:%M}\n" for t in (before, after)}
    hhmm = started.split()[-1]
    quick = cli(db, "status", "--format", "{start} {project}", env=env).stdout
    full = full_cli(db, "status", "--format", "{start} {project}", env=env).stdout
    assert quick == full == f"{hhmm} Admin\n"
    assert cli(db, "status", "--format", "{start}").stdout != quick  # Berlin without the file
    zones = sqlite3.connect(db).execute("SELECT zone FROM time_entry").fetchall()
    assert zones == [("America/New_York",)]
    assert cli(db, "stop", env=env).stdout.startswith("stopped Admin after 0:0")


@pytest.mark.parametrize("command", [["start", "Acme/Website"], ["stop"]])
def test_a_timer_forgotten_by_the_file_is_noted_as_on_the_full_path(db, command):
    cli(db, "start", "Admin", "--at", "-2h")
    quiet = cli(db, *command, check=False, env=config_file(db, "[tui]\ntheme = \"nord\"\n"))
    assert quiet.returncode == 0 and quiet.stderr == ""  # 2 hours < the default 10
    cli(db, "undo")
    env = config_file(db, "[time]\nforgotten_after_hours = 1\n")
    out = cli(db, *command, env=env)
    assert out.stderr == "fcc: note: Admin has been running for 2:00\n"
    assert "stopped Admin after 2:00" in out.stdout


def test_set_with_rerate_from_is_one_change_that_undo_takes_back(db):
    """``client set`` / ``project set --rerate-from``: the new rate and the re-rated entries
    are one store verb (one change), as they were one transaction in the command itself."""
    cli(db, "add", "Acme/Website", "--from", "-3h", "--to", "-2h")
    out = cli(db, "project", "set", "Acme/Website", "--rate", "120", "--rerate-from", "-6h")
    assert out.stdout == "changed project Acme/Website; re-rated 1 entry\n"
    rate = lambda: json.loads(cli(db, "log", "--format", "json").stdout)[0]["rate"]  # noqa: E731
    assert rate() == "120.00"
    assert cli(db, "undo").stdout == "undid: re-rated 1 entry\n"
    assert rate() == "95.00"
    out = cli(db, "client", "set", "Acme", "--rate", "110", "--rerate-from", "-6h")
    assert out.stdout == "changed client Acme; re-rated 1 entry\n"
    assert rate() == "110.00"
    assert cli(db, "client", "set", "Acme", "--email", "a@b.c").stdout == "changed client Acme\n"
    bad = cli(db, "client", "set", "Acme", "--rate", "-1", "--rerate-from", "-6h", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("fcc: error: --rate: expected ")
    assert rate() == "110.00"
