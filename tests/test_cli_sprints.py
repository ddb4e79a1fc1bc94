"""``fcc sprint`` through the real ``fcc``: plan, start (one active per board), complete
(unfinished cards to the backlog or the next sprint), list and show with the burndown; JSON
field names pinned; bad dates in one line naming the flag."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.test_cli_boards import Where, bare, cli

SPRINT_FIELDS = ["id", "uuid", "board", "name", "goal", "start", "end", "status", "cards",
                 "cards_done", "estimate_minutes", "done_minutes"]
DAY_FIELDS = ["day", "remaining_minutes", "done_minutes", "done_cards"]


@pytest.fixture
def db(tmp_path):
    where = Where(["--db", str(tmp_path / "fcc.db")])
    where.home = tmp_path
    cli(where, "board", "add", "Web")
    return where


@pytest.fixture
def anydb(target, tmp_path):
    """A board on SQLite and on PostgreSQL."""
    where = Where(["--db", str(target.path)] if target.path is not None
                  else ["--db", target.url, "--workspace", target.workspace])
    where.home = tmp_path
    cli(where, "board", "add", "Web")
    return where


def add(where, *args) -> int:
    return int(cli(where, "card", "add", *args).split("#", 1)[1].split()[0])


def sprints(where, *args):
    return json.loads(cli(where, "sprint", "list", "--format", "json", *args))


def test_plan_start_show_complete(anydb):
    db = anydb
    # (the command's zone is Europe/Berlin: a day either side of UTC's is fine)
    today = dt.datetime.now(dt.UTC).date()
    out = cli(db, "sprint", "add", "S1", "--start", "today", "--end", "+13d", "--goal",
              "Login [done]")
    assert out.startswith("planned sprint S1 on Web: ") and "--sprint 'S1'" in out
    cli(db, "sprint", "add", "S2", "--start", "+14d", "--end", "+27d")
    rows = sprints(db)
    assert [list(r) for r in rows] == [SPRINT_FIELDS] * 2
    s1 = rows[0]
    assert (s1["name"], s1["status"], s1["goal"]) == ("S1", "planned", "Login [done]")
    assert abs((dt.date.fromisoformat(s1["start"]) - today).days) <= 1
    assert (dt.date.fromisoformat(s1["end"]) - dt.date.fromisoformat(s1["start"])).days == 13
    a = add(db, "Login form", "--estimate", "3h", "--sprint", "S1")
    b = add(db, "Password reset", "--estimate", "2h")
    assert cli(db, "card", "edit", str(b), "--sprint", "s1").endswith(": sprint\n")
    assert cli(db, "sprint", "start", "S1") == "started sprint S1 on Web (2 cards)\n"
    refused = cli(db, "sprint", "start", "S2", code=2)
    assert refused.startswith("NAME: expected no other active sprint on board Web") or \
        refused.startswith("sprint: expected no other active sprint on board Web")
    cli(db, "card", "done", str(a))
    shown = json.loads(cli(db, "sprint", "show", "--format", "json"))
    assert list(shown) == SPRINT_FIELDS + ["burndown"]
    assert (shown["name"], shown["status"], shown["cards"], shown["cards_done"]) == (
        "S1", "active", 2, 1)
    assert (shown["estimate_minutes"], shown["done_minutes"]) == (300, 180)
    assert shown["burndown"] and [list(d) for d in shown["burndown"]] == \
        [DAY_FIELDS] * len(shown["burndown"])
    table = cli(db, "sprint", "show", "S1")
    assert table.startswith("sprint S1 on Web (active): ")
    assert "goal: Login [done]" in table and "cards: 1/2 done; estimate 3:00 of 5:00 done" \
        in table
    listed = cli(db, "sprint", "list")
    assert "S1" in listed and "active" in listed and "1/2" in listed
    assert cli(db, "sprint", "list", "--status", "planned", "--format", "json")[0:1] == "["
    assert [s["name"] for s in sprints(db, "--status", "planned")] == ["S2"]
    assert cli(db, "sprint", "complete", "--to", "next") == \
        "completed sprint S1: 1 of 2 cards done; 1 unfinished went to the next sprint\n"
    moved = next(c for c in json.loads(cli(db, "card", "list", "--format", "json"))
                 if c["id"] == b)
    assert moved["sprint"] == "S2"
    assert [(s["name"], s["status"]) for s in sprints(db)] == [
        ("S1", "completed"), ("S2", "planned")]
    assert cli(db, "undo").startswith("undid: ")
    assert [(s["name"], s["status"]) for s in sprints(db)] == [
        ("S1", "active"), ("S2", "planned")]
    cli(db, "sprint", "complete", "S1")  # to the backlog (the default)
    back = next(c for c in json.loads(cli(db, "card", "list", "--format", "json"))
                if c["id"] == b)
    assert back["sprint"] is None


def test_bad_dates_and_names(db):
    assert cli(db, "sprint", "add", "S1", "--start", "someday", "--end", "+7d", code=2) == (
        "--start: expected a date like 2026-12-07, today, tomorrow, monday (the next one) or "
        "+14d, got 'someday'")
    assert cli(db, "sprint", "add", "S1", "--start", "2026-12-10", "--end", "2026-12-01",
               code=2) == "--end: expected a day on or after --start (2026-12-10), got " \
                          "'2026-12-01'"
    assert cli(db, "sprint", "add", "S1", code=2) == \
        "--start: expected a date like 2026-12-07, today or monday (required)"
    assert cli(db, "sprint", "list", "--status", "done", code=2) == \
        "--status: expected one of planned, active, completed, got 'done'"
    cli(db, "sprint", "add", "S1", "--start", "2026-12-07", "--end", "2026-12-18")
    assert cli(db, "sprint", "start", "S9", code=2).startswith("sprint: no sprint named 'S9'")


def test_parse_day():
    from fcc.tui.cli.sprints import parse_day

    wed = dt.date(2026, 12, 2)
    assert parse_day("monday", wed, "--start") == dt.date(2026, 12, 7)
    assert parse_day("Wed", wed, "--start") == wed
    assert parse_day("+2w", wed, "--end") == dt.date(2026, 12, 16)
    assert parse_day(" 2026-12-24 ", wed, "--end") == dt.date(2026, 12, 24)
    assert parse_day("tomorrow", wed, "--end") == dt.date(2026, 12, 3)


@pytest.mark.parametrize("name", ["add", "start", "complete", "list", "show"])
def test_help_has_an_example(tmp_path, name):
    out = " ".join(cli(bare(tmp_path), "sprint", name, "--help").split())
    assert out.startswith(f"Usage: fcc sprint {name} ") and f"Example: fcc sprint {name}" in out


def test_complete_counts_only_the_cards_it_moves(db):
    """An archived or deleted card of the sprint stays where it is: the message does not count
    it among those that went on."""
    cli(db, "sprint", "add", "S1", "--start", "today", "--end", "+6d")
    cli(db, "sprint", "add", "S2", "--start", "+7d", "--end", "+13d")
    cli(db, "sprint", "start", "S1")
    kept, archived, deleted = (add(db, title, "--sprint", "S1") for title in "ABC")
    cli(db, "card", "archive", str(archived))
    cli(db, "card", "delete", str(deleted))
    assert cli(db, "sprint", "complete", "--to", "next") == \
        "completed sprint S1: 0 of 2 cards done; 1 unfinished went to the next sprint\n"
    went = {c["id"]: c["sprint"] for c in json.loads(cli(db, "card", "list", "--format",
                                                          "json"))}
    assert went == {kept: "S2"}
