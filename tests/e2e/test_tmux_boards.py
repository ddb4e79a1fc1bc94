"""The Boards pane in a real terminal: a card created by keys, moved, a timer started on it, and
`fcc status` in another process sees the timer (tmux runs the app; see test_tmux.Terminal)."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.test_tmux import ENV, FCC, NOT_RUNNING, Terminal, terminal
from tests.test_cli import fcc

pytestmark = pytest.mark.e2e
__all__ = ["terminal"]  # the fixture


def card_json(db, home, number: int) -> dict:
    return json.loads(fcc("--db", str(db), "card", "show", str(number), "--format", "json",
                          home=home, env=ENV).stdout)


def test_a_card_made_by_keys_moved_and_timed_shows_in_fcc_status(terminal: Terminal, tmp_path):
    db = tmp_path / "work.db"
    fcc("--db", str(db), "project", "add", "Website", home=tmp_path, env=ENV)
    fcc("--db", str(db), "config", "min_entry_seconds", "0", home=tmp_path, env=ENV)
    fcc("--db", str(db), "board", "add", "Work", "--project", "Website", home=tmp_path, env=ENV)
    terminal.open([FCC], {**ENV, "FCC_DB": str(db)})
    terminal.wait_for(lambda s: NOT_RUNNING in s, "first frame with the status strip")

    terminal.send("1")
    terminal.wait_for(lambda s: "No cards yet" in s, "the empty board")
    terminal.send("n")
    terminal.wait_for(lambda s: "New card" in s, "the card form")
    terminal.type("Write the e2e test")
    terminal.send("Enter")
    terminal.wait_for(lambda s: "#1 Write the e2e" in s and "New card" not in s,
                      "the card on the board")
    assert card_json(db, tmp_path, 1)["column"] == "Backlog"

    terminal.send("L")
    terminal.wait_for(lambda s: re.search(r"To do 1", s) is not None, "the card in To do")
    deadline_checks = 0
    while card_json(db, tmp_path, 1)["column"] != "To do":  # the write lands right after
        deadline_checks += 1
        assert deadline_checks < 50, "the move never reached the database"

    terminal.send("t")
    terminal.wait_for(lambda s: "● Website" in s, "the running timer in the status strip")
    status = fcc("--db", str(db), "status", home=tmp_path, env=ENV).stdout
    assert "Website" in status and "#1" in status, status
    terminal.quit()
    shown = card_json(db, tmp_path, 1)
    assert shown["column"] == "To do" and shown["running"] is True
