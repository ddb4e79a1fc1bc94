"""`fcc stop` has one answer when nothing runs, however it gets there (issue 11, part 5): the
quick path, the full command line, or a timer that another process stopped between the
command's first look and its write. Real `fcc` processes racing on both backends."""

from __future__ import annotations

import subprocess

import pytest

from tests.test_cli_import import environ, exe, fcc

IDLE = "fcc: error: no timer is running"
ROUNDS = 4
RACERS = 5


@pytest.fixture
def where(target) -> list[str]:
    if target.backend == "sqlite":
        return ["--db", str(target.path)]
    return ["--db", str(target.url), "-w", target.workspace]


@pytest.mark.parametrize("started", ["-5m", "-11h"])  # -11h: forgotten, past the quick path
def test_racing_stops_one_stops_the_others_say_nothing_runs(where, tmp_path, started):
    fcc(*where, "project", "add", "Website", home=tmp_path)
    for entry in range(1, ROUNDS + 1):
        fcc(*where, "start", "Website", "--at", started, home=tmp_path)
        procs = [subprocess.Popen([exe(), *where, "stop"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                  env=environ(tmp_path)) for _ in range(RACERS)]
        results = [(p.wait(60), *p.communicate()) for p in procs]
        stopped = [r for r in results if r[0] == 0]
        assert len(stopped) == 1, results
        assert stopped[0][1].startswith("stopped Website after "), results
        for code, out, err in results:
            if code != 0:
                assert (code, out, err.splitlines()[-1]) == (1, "", IDLE), results
        # Out of the way of the next round's start (entry numbers count from 1).
        fcc(*where, "void", str(entry), "--reason", "race", home=tmp_path)
    idle = fcc(*where, "stop", home=tmp_path, check=False)
    assert (idle.returncode, idle.stdout, idle.stderr) == (1, "", IDLE + "\n")
    idle = fcc(*where, "stop", "--at", "now", home=tmp_path, check=False)
    assert (idle.returncode, idle.stdout, idle.stderr) == (1, "", IDLE + "\n")


def test_stop_before_any_database_exists(tmp_path):
    db = tmp_path / "none.db"
    out = fcc("--db", str(db), "stop", home=tmp_path, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (1, "", IDLE + "\n")
    out = fcc("--db", str(db), "stop", "--at", "now", home=tmp_path, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (1, "", IDLE + "\n")
    assert not db.exists()
