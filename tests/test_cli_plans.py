"""``fcc plan`` through the real ``fcc``: the vision, cycles, goals with measures, tactics, a
week's plan and quota, items checked off and dropped, scores (JSON pinned), the journal, the
midpoint lock refusing a quota (exit 1, one line), bad input in one line naming the flag
(exit 2), ``fcc undo``, and every command's --help example.

The command runs on the real clock (as the board tests do): a cycle is started so that today
falls in a chosen week. What has to be written in an earlier week is written in-process on a
``FrozenClock`` set in that week (``store_at``), as the report tests seed their data."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import Target
from tests.test_cli import fcc as run
from tests.test_cli_boards import Where, cli

BERLIN = ZoneInfo("Europe/Berlin")  # the zone every command here runs in (FCC_ZONE)
CYCLE_FIELDS = ["id", "uuid", "name", "start", "end", "review_end", "state", "week",
                "days_left", "locked", "midpoint_locked_at", "locks_on"]
WEEK_FIELDS = ["cycle_id", "week", "start", "end", "quota", "done", "score", "locked",
               "current", "ended", "reviewed_at", "review", "items"]
ITEM_FIELDS = ["id", "week", "title", "position", "goal", "goal_id", "tactic_id", "card",
               "card_title", "card_column", "card_minutes_week", "done", "done_at",
               "dropped_at", "drop_reason", "rolled_over", "flagged", "origin_id",
               "origin_kind", "handled"]
GOAL_FIELDS = ["id", "cycle_id", "kind", "title", "why", "score", "measures", "tactics"]
MEASURE_FIELDS = ["id", "goal_id", "kind", "name", "unit", "target", "source", "period",
                  "scope", "actual", "progress", "weeks"]
TACTIC_FIELDS = ["id", "goal_id", "title", "weeks", "first_week", "last_week", "card",
                 "card_title", "project", "position"]
NOTE_FIELDS = ["id", "cycle_id", "week", "kind", "body", "at", "zone", "edited_at"]
SCORE_WEEK_FIELDS = ["week", "quota", "done", "score", "locked", "reviewed", "started"]


def today() -> dt.date:
    return dt.datetime.now(BERLIN).date()


def start_for(week: int) -> dt.date:
    """The Monday a cycle starts on for today to be in its ``week``."""
    monday = today() - dt.timedelta(days=today().weekday())
    return monday - dt.timedelta(weeks=week - 1)


def in_week(start: dt.date, week: int) -> dt.datetime:
    """Wednesday noon of a cycle's ``week`` (an earlier week: a time that has passed)."""
    day = start + dt.timedelta(weeks=week - 1, days=2)
    return dt.datetime.combine(day, dt.time(12), BERLIN)


class Db(Where):
    target: Target


def clear_of_the_week_end(margin: float = 300) -> None:
    """Wait past Sunday midnight (Berlin) when it is this close: the test's "today" and the
    commands' must fall in the same week (a test here runs for up to a minute or two)."""
    now = dt.datetime.now(BERLIN)
    monday = dt.datetime.combine(now.date() + dt.timedelta(days=7 - now.weekday()), dt.time(),
                                 BERLIN)
    left = (monday - now).total_seconds()
    if left < margin:
        time.sleep(left + 1)


def where_for(target: Target, home) -> Db:
    clear_of_the_week_end()
    where = Db(["--db", str(target.path)] if target.path is not None
               else ["--db", target.url, "--workspace", target.workspace])
    where.home = home
    where.target = target
    return where


def sqlite_db(tmp_path) -> Db:
    from fcc.store.target import resolve_target

    return where_for(resolve_target(str(tmp_path / "fcc.db"), environ={}), tmp_path)


@pytest.fixture
def db(tmp_path) -> Db:
    return sqlite_db(tmp_path)


@pytest.fixture
def anydb(target, tmp_path) -> Db:
    """The same commands on SQLite and on PostgreSQL."""
    return where_for(target, tmp_path)


@contextmanager
def store_at(db: Db, when: dt.datetime) -> Iterator[Store]:
    """The database in-process, its clock frozen at ``when`` (to write in an earlier week)."""
    store = Store.open(db.target, FrozenClock(when))
    try:
        store.set_setting("zone", "Europe/Berlin")
        yield store
    finally:
        store.close()


def as_json(db: Db, *args: str):
    return json.loads(cli(db, *args, "--format", "json"))


def error(db: Db, *args: str, code: int = 2) -> str:
    return cli(db, *args, code=code)


def started(db: Db, week: int, *extra: str) -> dt.date:
    """A cycle started for today to be in its ``week``; its start."""
    first = start_for(week)
    out = cli(db, "plan", "cycle", "start", first.isoformat(), *extra)
    assert out.startswith("started cycle "), out
    return first


def test_cycle_goals_tactics_items_and_score(anydb):
    db = anydb
    assert error(db, "plan", "week", code=1) == \
        "no 12-week cycle yet: start one with `fcc plan cycle start DATE`"
    first = started(db, 2, "--name", "Q4 [bold]push[/]")
    cycles = as_json(db, "plan", "cycle", "list")
    assert [list(c) for c in cycles] == [CYCLE_FIELDS]
    c = cycles[0]
    assert (c["name"], c["start"], c["state"], c["week"], c["locked"]) == (
        "Q4 [bold]push[/]", first.isoformat(), "current", 2, False)
    assert c["end"] == (first + dt.timedelta(days=83)).isoformat()
    assert c["locks_on"] == (first + dt.timedelta(weeks=6)).isoformat()
    assert "Q4 [bold]push[/]" in cli(db, "plan", "cycle", "list")  # literal, never markup

    cli(db, "project", "add", "Website")
    card = int(cli(db, "card", "add", "Landing page", "--project", "Website").split("#")[1]
               .split()[0])
    out = cli(db, "plan", "goal", "set", "business", "Grow to 12k a month", "--why",
              "Freedom", "--lag", "Billed revenue = 36000 EUR from billed", "--lead",
              "Client hours = 25 h per week from hours on project:Website", "--lead",
              "Sales calls = 5 per week")
    assert out.startswith("business goal (id ") and out.endswith("with 3 measures\n")
    assert error(db, "plan", "goal", "set", "personal", "Run", "--lead", "Runs = 3 per week",
                 "--lead", "Hours = 3 h per week from hours on client:Nobody") == \
        "--lead: no client named 'Nobody'"  # (checked in the store: the goal is not set)
    assert [g["kind"] for g in as_json(db, "plan", "goal", "list")] == ["business"]
    cli(db, "plan", "goal", "set", "personal", "Run a half marathon")
    goals = as_json(db, "plan", "goal", "list")
    assert [g["kind"] for g in goals] == ["business", "personal"]
    assert [list(g) for g in goals] == [GOAL_FIELDS] * 2
    business = goals[0]
    shown = as_json(db, "plan", "cycle", "show", "Q4 [BOLD]push[/]")  # a name in any case
    assert list(shown) == [*CYCLE_FIELDS, "goals"] and shown["goals"] == goals
    assert [list(m) for m in business["measures"]] == [MEASURE_FIELDS] * 3
    lag, hours, calls = business["measures"]
    assert (lag["kind"], lag["name"], lag["target"], lag["unit"], lag["source"],
            lag["period"]) == ("lag", "Billed revenue", "36000", "EUR", "billed", "cycle")
    assert (hours["source"], hours["period"], hours["unit"], hours["scope"]) == (
        "hours", "week", "h", "project:Website")
    assert (calls["source"], calls["target"], calls["weeks"][1]) == ("manual", "5", None)
    assert cli(db, "plan", "measure", "record", str(calls["id"]), "3").startswith(
        "recorded 3 for Sales calls")
    calls_now = as_json(db, "plan", "goal", "list")[0]["measures"][2]
    assert (calls_now["actual"], calls_now["weeks"][1]) == ("3", "3")
    added = cli(db, "plan", "measure", "add", "personal", "lead", "Runs = 3 per week")
    runs = int(added.split("#")[1].split()[0])
    assert cli(db, "plan", "measure", "remove", str(runs)) == f"removed measure #{runs}\n"

    out = cli(db, "plan", "tactic", "add", "business", "Send 2 proposals", "--weeks", "all",
              "--card", str(card))
    assert out.endswith("Send 2 proposals (every week)\n")
    cli(db, "plan", "tactic", "add", "personal", "Long run", "--weeks", "2-4")
    tactics = as_json(db, "plan", "tactic", "list")
    assert [list(t) for t in tactics] == [TACTIC_FIELDS] * 2
    assert [(t["weeks"], t["card"]) for t in tactics] == [("every week", card), ("W2-W4", None)]

    week = as_json(db, "plan", "week")
    assert list(week) == WEEK_FIELDS
    assert (week["week"], week["current"], week["quota"], week["done"], week["score"]) == (
        2, True, 2, 0, "0.00")
    assert [list(i) for i in week["items"]] == [ITEM_FIELDS] * 2
    proposals, run = week["items"]
    assert (proposals["title"], proposals["goal"], proposals["card"], proposals["card_title"],
            proposals["card_column"]) == ("Send 2 proposals", "business", card,
                                          "Landing page", "Backlog")
    out = cli(db, "plan", "item", "add", "Invoice Acme", "--goal", "business")
    assert out.startswith("added #") and out.endswith(" to week 2 (quota 3)\n")
    adhoc = int(out.split("#")[1].split()[0])
    assert cli(db, "plan", "check", str(proposals["id"])) == (
        f"done: #{proposals['id']} Send 2 proposals; week 2: 1/3 done, score 33.33% "
        "(below the 85% bar)\n")
    cli(db, "plan", "check", f"#{adhoc}")
    assert cli(db, "plan", "item", "drop", str(run["id"]), "--reason", "knee") == (
        f"dropped #{run['id']} Long run; week 2: 2/2 done, score 100.00% "
        "(at or above the 85% bar)\n")
    cli(db, "plan", "uncheck", str(adhoc))
    cli(db, "plan", "item", "edit", str(adhoc), "--title", "Invoice Acme (Nov)", "--card",
        str(card), "--goal", "none")
    table = cli(db, "plan")  # alone: this week's plan
    assert table.startswith("Q4 [bold]push[/] · week 2 of 12 (")
    assert "1/2 done" in table and "score 50.00% (below the 85% bar)" in table
    assert "Long run (dropped: knee)" in table and f"#{card} Backlog" in table
    assert cli(db, "plan", "week", "3") == as_text_week(db, 3)

    score = as_json(db, "plan", "score")
    assert list(score) == ["cycle", "bar", "weeks", "goals", "cycle_score"]
    assert score["cycle"] == {"id": c["id"], "name": "Q4 [bold]push[/]", "week": 2}
    assert score["bar"] == "85.00"
    assert [list(w) for w in score["weeks"]] == [SCORE_WEEK_FIELDS] * 12
    assert score["weeks"][1] == {"week": 2, "quota": 2, "done": 1, "score": "50.00",
                                 "locked": False, "reviewed": False, "started": True}
    assert [w["started"] for w in score["weeks"]] == [True, True] + [False] * 10
    assert score["weeks"][0]["score"] is None  # week 1 had no quota
    assert score["cycle_score"] == "50.00"
    assert [(g["kind"], g["id"]) for g in score["goals"]] == [
        ("business", business["id"]), ("personal", goals[1]["id"])]
    # business: its tactic's item (done); the ad-hoc one has no goal now; personal: dropped
    assert score["goals"][0]["score"] == "100.00" and score["goals"][1]["score"] is None
    table = cli(db, "plan", "score", "--cycle")
    assert "cycle score 50.00% (below the 85% bar)" in table
    assert sum(line.lstrip().startswith("W") for line in table.splitlines()) == 12

    assert cli(db, "plan", "quota", "2", "1").startswith("week 2: quota 1, score 100.00")
    assert cli(db, "undo").startswith("undid: ")
    assert as_json(db, "plan", "week")["quota"] == 2


def as_text_week(db: Db, week: int) -> str:
    return cli(db, "plan", "week", str(week))


def test_vision(db):
    assert cli(db, "plan", "vision") == \
        "no vision yet; write one with: fcc plan vision TEXT [--three-year TEXT]\n"
    cli(db, "plan", "vision", "An independent studio\nfour days a week", "--three-year",
        "Three retainer clients")
    shown = cli(db, "plan", "vision")
    assert shown == ("vision: Vision\nlong term:\n  An independent studio\n  four days a week\n"
                     "3 years:\n  Three retainer clients\n")
    vision = as_json(db, "plan", "vision")
    assert list(vision) == ["id", "title", "body", "three_year", "horizon_years", "updated_at"]
    assert vision["three_year"] == "Three retainer clients"
    editor = db.home / "editor.sh"  # $EDITOR: appends a line to the file it is given
    editor.write_text('#!/bin/sh\nprintf "Edited in the editor\\n" >> "$1"\n')
    editor.chmod(0o755)
    out = run(*db, "plan", "vision", "--edit", home=db.home, check=False,
              env={"FCC_ZONE": "Europe/Berlin", "EDITOR": str(editor)})
    assert (out.returncode, out.stdout) == (0, "vision set: long term\n"), out.stderr
    assert as_json(db, "plan", "vision")["body"] == \
        "An independent studio\nfour days a week\nEdited in the editor"
    assert error(db, "plan", "vision", "x", "--edit") == \
        "--edit: expected either TEXT or --edit, not both, got 'x'"


def test_journal(db):
    started(db, 1)
    evil = "call \x1b]0;pwned\x07 back"
    assert cli(db, "plan", "note", evil).endswith("in week 1's journal\n")
    cli(db, "plan", "note", "Invoice sent", "--week", "1")
    notes = as_json(db, "plan", "journal")
    assert [list(n) for n in notes] == [NOTE_FIELDS] * 2
    assert [n["body"] for n in notes] == [evil, "Invoice sent"]
    assert [n["body"] for n in as_json(db, "plan", "journal", "--search", "INVOICE")] == \
        ["Invoice sent"]
    text = cli(db, "plan", "journal")
    assert "\x1b" not in text and "\x07" not in text and "call ␛]0;pwned␇ back" in text


def test_bad_input_names_the_flag(db):
    assert error(db, "plan", "score", code=1) == \
        "no 12-week cycle yet: start one with `fcc plan cycle start DATE`"
    assert not db.target.path.exists()  # looking created nothing
    first = started(db, 2)
    assert error(db, "plan", "item", "add", "Late", "--week", "1") == (
        "--week: expected a week that has not ended (week 1 has ended; plan this week or a "
        "later one), got 1")
    overlap = error(db, "plan", "cycle", "start", first.isoformat())
    assert overlap.startswith("DATE: expected a start ") and "cycles never overlap" in overlap
    assert error(db, "plan", "item", "add", "x", "--card", "99") == "--card: no card #99"
    assert error(db, "plan", "week", "13") == "WEEK: expected a week from 1 to 12, got '13'"
    assert error(db, "plan", "item", "add", "x", "--week", "0").startswith("--week: expected")
    tuesday = first + dt.timedelta(weeks=15, days=1)
    assert error(db, "plan", "cycle", "start", tuesday.isoformat()).startswith(
        "DATE: expected a Monday (your week starts on Monday")
    assert error(db, "plan", "goal", "set", "business", "G", "--lag", "= 5").startswith(
        "--lag: expected ")
    assert cli(db, "plan", "goal", "list").startswith("no goals yet")  # the bad --lag: none
    assert error(db, "plan", "measure", "add", "business", "lag", "x = y").startswith("SPEC: ")
    cli(db, "plan", "goal", "set", "business", "G")
    assert error(db, "plan", "measure", "add", "personal", "lead", "Runs = 3").startswith(
        "GOAL: ")
    assert error(db, "plan", "measure", "add", "business", "lead",
                 "Hours = 3 h per week from hours on project:Nope") == \
        "SPEC: no project named 'Nope'"
    assert error(db, "plan", "tactic", "add", "business", "T", "--weeks", "0-40").startswith(
        "--weeks: expected weeks from 1 to 12")
    assert error(db, "plan", "check", "abc") == \
        "ITEM: expected a plan item number like 41, got 'abc'"
    assert error(db, "plan", "check", "999") == "ITEM: no plan item #999"
    assert error(db, "plan", "measure", "remove", "999").startswith("ID: ")
    assert error(db, "plan", "item", "drop", "1", "--reason", " ").startswith("--reason: ")
    assert error(db, "plan", "item", "edit", "1") == \
        "edit: expected something to change, e.g. --title TEXT or --card 12"
    assert error(db, "plan", "quota", "2", "x") == \
        "QUOTA: expected a number of items like 5, got 'x'"
    assert error(db, "plan", "score", "--format", "xml") == \
        "--format: expected one of table, json, got 'xml'"
    assert error(db, "plan", "cycle", "show", "nope").startswith("CYCLE: no cycle named 'nope'")
    assert error(db, "plan", "cycle", "lock", code=2).startswith("--cycle: expected a cycle in "
                                                                  "week 5 or later")


def test_the_midpoint_lock_refuses_a_quota(anydb):
    db = anydb
    first = start_for(8)
    with store_at(db, in_week(first, 5)) as store:  # started and planned before the midpoint
        store.start_cycle(first)
        store.add_item("Ship the beta", week=9)
    assert as_json(db, "plan", "cycle", "show")["locked"] is False
    cli(db, "plan", "item", "add", "Beta notes")  # the first write in week 8 locks
    cycle = as_json(db, "plan", "cycle", "show")
    assert cycle["locked"] is True and cycle["midpoint_locked_at"] is not None
    refused = error(db, "plan", "quota", "9", "5", code=1)
    assert refused.startswith("week 9 is locked since ") and "its quota stays 1" in refused
    assert error(db, "plan", "week", "10", "--quota", "2", code=1).startswith("week 10 is locked")
    assert as_json(db, "plan", "week", "9")["quota"] == 1  # nothing changed
    assert as_json(db, "plan", "score")["weeks"][8]["locked"] is True
    assert "W7-W12 locked since " in cli(db, "plan", "cycle", "show")
    assert error(db, "plan", "quota", "8", "3", code=1).startswith("week 8 is locked")


def test_lock_by_hand_and_tactic_changes(db):
    started(db, 5)
    cli(db, "plan", "goal", "set", "business", "Grow")
    tactic = cli(db, "plan", "tactic", "add", "business", "Outreach", "--weeks", "5-8")
    tid = tactic.split("#")[1].split()[0]
    weeks = [w["quota"] for w in as_json(db, "plan", "score")["weeks"]]
    assert weeks == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]
    assert cli(db, "plan", "tactic", "edit", tid, "--weeks", "5-6", "--title", "Calls") == \
        f"changed tactic #{tid} Calls: title, weeks\n"
    assert [w["quota"] for w in as_json(db, "plan", "score")["weeks"]][4:8] == [1, 1, 0, 0]
    assert cli(db, "plan", "cycle", "lock").startswith("locked weeks 7-12 of 12 weeks from ")
    assert error(db, "plan", "quota", "7", "2", code=1).startswith("week 7 is locked since ")
    assert cli(db, "plan", "tactic", "remove", tid) == f"removed tactic #{tid}\n"
    assert as_json(db, "plan", "tactic", "list") == []
    assert cli(db, "undo").startswith("undid: ")
    assert [t["title"] for t in as_json(db, "plan", "tactic", "list")] == ["Calls"]
    assert "midpoint lock cannot be undone" in error(db, "undo", code=1)
    assert as_json(db, "plan", "cycle", "show")["locked"] is True


COMMANDS = [
    ["plan"], ["plan", "vision"], ["plan", "cycle"], ["plan", "cycle", "start"],
    ["plan", "cycle", "list"], ["plan", "cycle", "show"], ["plan", "cycle", "lock"],
    ["plan", "goal"], ["plan", "goal", "set"], ["plan", "goal", "list"], ["plan", "measure"],
    ["plan", "measure", "add"], ["plan", "measure", "record"], ["plan", "measure", "remove"],
    ["plan", "tactic"], ["plan", "tactic", "add"], ["plan", "tactic", "list"],
    ["plan", "tactic", "edit"], ["plan", "tactic", "remove"], ["plan", "week"],
    ["plan", "quota"], ["plan", "item"], ["plan", "item", "add"], ["plan", "item", "edit"],
    ["plan", "item", "drop"], ["plan", "check"], ["plan", "uncheck"], ["plan", "score"],
    ["plan", "review"], ["plan", "note"], ["plan", "journal"], ["context"]]


def test_every_command_has_an_example(db):
    for args in COMMANDS:
        text = " ".join(cli(db, *args, "--help").split())
        assert "Example: fcc " + args[0] in text, args


def test_the_next_cycle_is_planned_while_one_runs(db):
    """A draft (starting after the current cycle's review week) gets its goals, tactics and
    ad-hoc items from the command line while the current one runs: --cycle names it."""
    first = started(db, 3)
    after = first + dt.timedelta(weeks=13)
    assert cli(db, "plan", "cycle", "start", after.isoformat(), "--name", "Next").startswith(
        "drafted cycle Next")
    out = cli(db, "plan", "item", "add", "Book the kick-off", "--cycle", "Next", "--week", "2")
    assert out.startswith("added #") and out.endswith("to week 2 of Next (quota 1)\n")
    assert [i["title"] for i in as_json(db, "plan", "week", "2", "--cycle", "Next")["items"]] \
        == ["Book the kick-off"]
    assert as_json(db, "plan", "week", "2")["items"] == []  # the current cycle's week 2
    assert error(db, "plan", "item", "add", "x", "--cycle", "Nope").startswith(
        "--cycle: no cycle named 'Nope'")


def test_a_cycle_past_its_midpoint_is_refused(db):
    """Started in week 8 it would be locked at once with nothing planned, and a locked cycle is
    never removed: exit 2 naming DATE, nothing written (another start is still free)."""
    cli(db, "plan", "vision", "A calm studio")  # (the database made first)
    late = start_for(8)
    said = error(db, "plan", "cycle", "start", late.isoformat())
    assert said.startswith("DATE: expected a start whose week 7 is still ahead"), said
    assert as_json(db, "plan", "cycle", "list") == []
    started(db, 6)


def test_the_lock_s_day_is_the_user_s_day(db):
    """Locked as week 7 began — midnight in Berlin, 23:00 UTC the day before: every place that
    names the day names Berlin's (cycle show and fcc context said the UTC day before)."""
    first = start_for(8)
    with store_at(db, in_week(first, 5)) as store:
        store.start_cycle(first)
    cli(db, "plan", "item", "add", "Catch up")  # the first write since: the lock, dated back
    week_7 = (first + dt.timedelta(weeks=6)).isoformat()
    assert as_json(db, "plan", "cycle", "show")["midpoint_locked_at"].endswith("T23:00:00Z")
    assert f"W7-W12 locked since {week_7}\n" in cli(db, "plan", "cycle", "show")
    assert f"Weeks 7-12 locked since {week_7}." in cli(db, "context")
    assert f"week 9 is locked since {week_7}:" in error(db, "plan", "quota", "9", "1", code=1)
