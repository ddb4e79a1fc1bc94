"""The type check follows `fcc.*` across modules: a call from the app's side to a store verb
with a keyword the verb does not take fails it, and the real tree passes it.

Before fcc/store, fcc/tui and fcc/migrations existed on disk, mypy resolved no `fcc.*` import
(each was `Any`), so such a call passed. One mypy run with the project's own configuration
checks the package and two probe modules: one calls the verbs as they are declared (no error),
the other calls them wrongly (an error on each of its marked lines, naming what is wrong)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RIGHT = '''\
from __future__ import annotations

import datetime as dt

from fcc.store.api import Store
from fcc.tui.screens.forms import shown_time


def poke(store: Store) -> str:
    change = store.start_timer("Website", note="probe", parallel=False)
    store.stop_timer()
    return shown_time(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "UTC") + str(change)
'''

WRONG = '''\
from __future__ import annotations

from fcc.store.api import Store
from fcc.tui.screens.forms import shown_time


def poke(store: Store) -> str:
    store.start_timer("Website", bogus_keyword=1)  # WRONG: bogus_keyword
    store.start_timer(card="7")  # WRONG: card
    return shown_time("yesterday", "UTC")  # WRONG: shown_time
'''


def test_mypy_follows_fcc_across_modules(tmp_path) -> None:
    (tmp_path / "probe_right.py").write_text(RIGHT)
    (tmp_path / "probe_wrong.py").write_text(WRONG)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), "--no-color-output", "--no-error-summary",
         "-p", "fcc", "-m", "probe_right", "-m", "probe_wrong"],
        cwd=ROOT, env={**os.environ, "MYPYPATH": str(tmp_path)},
        capture_output=True, text=True, timeout=300)
    assert not done.stderr, done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    # The package itself and the right probe: nothing.
    assert all(Path(e.split(":", 1)[0]).name == "probe_wrong.py" for e in errors), errors
    # The wrong probe: one error on each marked line, naming the keyword, argument or function.
    marked = {n: re.search(r"# WRONG: (\w+)", line)
              for n, line in enumerate(WRONG.splitlines(), start=1)}
    marked = {n: m.group(1) for n, m in marked.items() if m}
    by_line: dict[int, str] = {}
    for error in errors:
        line = int(error.split(":")[1])
        by_line[line] = by_line.get(line, "") + error
    assert set(by_line) == set(marked), (by_line, marked)
    for line, word in marked.items():
        assert word in by_line[line], by_line[line]
    assert 'Unexpected keyword argument "bogus_keyword" for "start_timer"' in by_line[
        next(n for n, w in marked.items() if w == "bogus_keyword")]
    assert done.returncode == 1
