"""The Plan pane in a real terminal: an item checked off by keys, and `fcc plan score --format
json` in another process sees the week's score change (tmux runs the app; see
test_tmux.Terminal)."""

from __future__ import annotations

import datetime as dt
import json
import time
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_tmux import ENV, FCC, NOT_RUNNING, Terminal, terminal
from tests.test_cli import fcc

pytestmark = pytest.mark.e2e
__all__ = ["terminal"]  # the fixture


def score(db, home) -> dict:
    return json.loads(fcc("--db", str(db), "plan", "score", "--format", "json",
                          home=home, env=ENV).stdout)


def test_an_item_checked_by_keys_changes_the_score_fcc_plan_score_reports(
        terminal: Terminal, tmp_path):
    db = tmp_path / "plan.db"
    # the real executable runs on the real clock: the cycle starts on this week's Monday
    # (Berlin, as ENV's zone), so today is in its week 1
    today = dt.datetime.now(ZoneInfo(ENV["FCC_ZONE"])).date()
    monday = today - dt.timedelta(days=today.weekday())
    fcc("--db", str(db), "plan", "cycle", "start", monday.isoformat(), "--name", "E2E",
        home=tmp_path, env=ENV)
    fcc("--db", str(db), "plan", "item", "add", "Write the e2e test", home=tmp_path, env=ENV)
    fcc("--db", str(db), "plan", "item", "add", "Review the pane", home=tmp_path, env=ENV)
    before = score(db, tmp_path)["weeks"][0]
    assert (before["quota"], before["done"], before["score"]) == (2, 0, "0.00")

    terminal.open([FCC], {**ENV, "FCC_DB": str(db)})
    terminal.wait_for(lambda s: NOT_RUNNING in s, "first frame with the status strip")
    terminal.send("3")
    terminal.wait_for(lambda s: "[ ] Write the e2e test" in s and "week 1 of 12" in s,
                      "the week's items on the Plan pane")
    terminal.send("Space")
    terminal.wait_for(lambda s: "[x] Write the e2e test" in s and "1/2 done" in s,
                      "the item checked")
    checks = 0
    while (week := score(db, tmp_path)["weeks"][0])["done"] != 1:
        checks += 1  # the write lands right after the screen shows it
        assert checks < 50, "the check never reached the database"
        time.sleep(0.05)
    assert (week["quota"], week["done"], week["score"], week["started"]) == (2, 1, "50.00",
                                                                              True)
    terminal.quit()
