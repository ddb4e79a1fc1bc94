"""Which path answered: ``FCC_TRACE_QUICK=1`` prints ``fcc: quick path answered`` or ``fcc: full
path: <reason>`` on stderr. The quick ``fcc status``/``start``/``stop`` and the first frame's
figures answer with click, peewee, pydantic, Rich and Textual unimportable (fake packages
first on PYTHONPATH that raise on import); every hand-over names its reason."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target
from tests.test_cli import fcc as run

BLOCKED = ("click", "peewee", "playhouse", "pydantic", "rich", "textual")
ANSWERED = "fcc: quick path answered\n"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fcc.db"
    clock = FrozenClock(dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    with Store.open(resolve_target(str(path), environ={}), clock) as store:
        store.create_client({"name": "Acme"})
        store.create_project({"name": "Web", "client": "Acme"})
        store.create_project({"name": "Admin"})
        store.create_project({"name": "Old"})
        store.archive_project("Old")
    return path


@pytest.fixture
def blocked(tmp_path):
    """A PYTHONPATH folder whose fake heavy packages raise when imported."""
    folder = tmp_path / "blocked"
    for name in BLOCKED:
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(
            f"raise ImportError('{name} is blocked by the test')\n")
    return folder


def traced(db: Path, *args: str, blocked: Path | None = None, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    extra = {"FCC_TRACE_QUICK": "1", "FCC_ZONE": "Europe/Berlin", **(env or {})}
    if blocked is not None:
        extra["PYTHONPATH"] = os.pathsep.join(
            [str(blocked), *filter(None, [os.environ.get("PYTHONPATH")])])
    return run("--db", str(db), *args, home=db.parent, check=False, env=extra)


def test_start_status_and_stop_answer_without_the_heavy_packages(db, blocked):
    with Store.open(resolve_target(str(db), environ={}), FrozenClock(
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30))) as store:
        store.set_setting("min_entry_seconds", "0")  # stop at once without a discard
        store.start_timer("Admin")
    status = traced(db, "status", blocked=blocked)
    assert status.returncode == 0 and status.stdout.startswith("Admin 0:30 (today ")
    assert status.stderr == ANSWERED
    started = traced(db, "start", "acme/web", "--note", "n", blocked=blocked)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("started Acme/Web at ") and started.stderr == ANSWERED
    assert "; stopped Admin after 0:30" in started.stdout
    status = traced(db, "status", "--format", "{project} {note}", blocked=blocked)
    assert (status.returncode, status.stdout, status.stderr) == (0, "Acme/Web n\n", ANSWERED)
    stopped = traced(db, "stop", blocked=blocked)
    assert stopped.returncode == 0 and stopped.stdout.startswith("stopped Acme/Web after ")
    assert stopped.stderr == ANSWERED
    idle = traced(db, "stop", blocked=blocked)
    assert (idle.returncode, idle.stderr) == (1, "fcc: error: no timer is running\n" + ANSWERED)
    with Store.open(resolve_target(str(db), environ={}), FrozenClock(
            dt.datetime.now(dt.UTC))) as store:
        assert [(e.project, e.note) for e in store.entries()] == [("Admin", ""),
                                                                 ("Acme/Web", "n")]
    # and the blockers do block: the full command line cannot even start
    full = traced(db, "project", "list", blocked=blocked)
    assert full.returncode == 1 and "a command without a quick path" in full.stderr
    assert "click is blocked by the test" in full.stderr


def test_the_first_frame_reads_without_the_heavy_packages(db, blocked):
    with Store.open(resolve_target(str(db), environ={}), FrozenClock(
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30))) as store:
        store.start_timer("Web")
    code = ("import datetime as dt, sys\n"
            "from fcc.store.firstframe import first_frame\n"
            f"first = first_frame({str(db)!r}, dt.datetime.now(dt.UTC))\n"
            "print(first.running[0].project, first.today_seconds >= 1800, first.counter > 0)\n"
            f"assert not {{m.split('.')[0] for m in sys.modules}} & {set(BLOCKED)!r}\n")
    env = {**os.environ, "PYTHONPATH": str(blocked), "FCC_ZONE": "Europe/Berlin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60, cwd="/")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Acme/Web True True\n"


@pytest.mark.parametrize(("args", "reason"), [
    (["start", "Nope"], "an unknown or ambiguous project"),
    (["start", "Old"], "an archived project"),
    (["start", "Web", "--billable"], "arguments the quick path does not parse"),
    (["start", "Admin", "--note", "x" * 10_001], "a note or tag to refuse"),
    (["status", "--format", "{nope}"], "a --format template to explain"),
    (["stop", "--at", "10:00"], "arguments the quick path does not parse"),
    (["--help"], "arguments the quick path does not parse"),
    ([], "not a terminal"),
    (["project", "list"], "a command without a quick path"),
])
def test_a_hand_over_names_its_reason(db, args, reason):
    out = traced(db, *args)
    assert out.stderr.startswith(f"fcc: full path: {reason}\n"), out.stderr


def test_hand_overs_for_the_file_and_the_config(db, tmp_path):
    assert "fcc: full path: FCC_QUICK=0\n" in traced(db, "status", env={"FCC_QUICK": "0"}).stderr
    config = tmp_path / "fcc.toml"
    config.write_text("[time]\nzone = 'Nowhere/Land'\n")
    bad = traced(db, "status", env={"FCC_CONFIG": str(config)})
    assert bad.stderr.startswith("fcc: full path: a config file problem\n")
    marker = Path(str(db) + ".damaged")
    marker.write_text("SQLite: test\n")
    damaged = traced(db, "status")
    assert damaged.stderr.startswith("fcc: full path: the file is marked damaged\n")
    marker.unlink()
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM fcc_schema_migrations WHERE version = "
                 "(SELECT max(version) FROM fcc_schema_migrations)")
    conn.commit()
    conn.close()
    old = traced(db, "status")
    assert old.stderr.startswith("fcc: full path: schema version ")
    assert old.returncode == 1  # the full path migrated it and found nothing running


def test_postgresql_is_a_named_hand_over(tmp_path):
    url = os.environ.get("FCC_TEST_PG_URL")
    if not url:
        pytest.skip("FCC_TEST_PG_URL is not set")
    out = run("--db", url, "-w", "trace_quick", "status", home=tmp_path, check=False,
              env={"FCC_TRACE_QUICK": "1"})
    assert out.stderr.startswith("fcc: full path: PostgreSQL\n"), out.stderr
