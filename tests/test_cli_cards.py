"""``fcc card`` through the real ``fcc``: add, list (table, JSON, CSV), show, edit, move, done,
archive, delete, restore, block, unblock and comment; WIP limits and open blockers refused
unless --force, a dependency cycle named, bad input in one line naming the flag, undo, and
``fcc start --card`` on a card made here."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fcc.tui.cli.cardview import CARD_FIELDS
from tests.test_cli_boards import Where, bare, cli

PINNED = ["id", "uuid", "board", "board_id", "type", "title", "description", "priority",
          "estimate_minutes", "due", "tags", "project", "rate", "parent", "column", "lane",
          "sprint", "position", "archived", "deleted_at", "done_at", "created_at",
          "updated_at", "blocked_by", "blocks", "tracked_seconds", "subtree_seconds",
          "children_done", "children_total", "running"]
DETAIL_EXTRA = ["children", "blockers", "blocking", "comments", "entries", "history"]


@pytest.fixture
def db(tmp_path):
    where = Where(["--db", str(tmp_path / "fcc.db")])
    where.home = tmp_path
    cli(where, "client", "add", "Acme", "--rate", "95")
    cli(where, "project", "add", "Website", "--client", "Acme")
    cli(where, "board", "add", "Web", "--project", "Acme/Website")
    return where


@pytest.fixture
def anydb(target, tmp_path):
    where = Where(["--db", str(target.path)] if target.path is not None
                  else ["--db", target.url, "--workspace", target.workspace])
    where.home = tmp_path
    return where


def add(where, *args) -> int:
    out = cli(where, "card", "add", *args)
    assert out.startswith("added ")
    return int(out.split("#", 1)[1].split()[0])


def cards(where, *args):
    return json.loads(cli(where, "card", "list", "--format", "json", *args))


def test_add_list_show_edit(db):
    assert CARD_FIELDS == tuple(PINNED)
    epic = add(db, "Login", "--type", "epic", "--priority", "1")
    bug = add(db, "Fix [bold]login[/]", "--type", "bug", "--parent", str(epic),
              "--column", "Doing", "--estimate", "1h30m", "--due", "2026-01-05",
              "--tag", "auth,urgent", "--tag", "dev", "--rate", "120",
              "--description", "Steps:\n1. open /login")
    assert cli(db, "card", "add", "Docs").startswith("added task #")
    rows = cards(db)
    assert [list(r) for r in rows] == [PINNED] * 3
    one = next(r for r in rows if r["id"] == bug)
    assert {k: one[k] for k in ("type", "title", "board", "column", "lane", "priority",
                                "estimate_minutes", "due", "tags", "project", "rate",
                                "parent", "position", "blocked_by", "tracked_seconds")} == {
        "type": "bug", "title": "Fix [bold]login[/]", "board": "Web", "column": "Doing",
        "lane": None, "priority": 2, "estimate_minutes": 90, "due": "2026-01-05",
        "tags": ["auth", "urgent", "dev"], "project": "Acme/Website", "rate": "120.00",
        "parent": epic, "position": 1, "blocked_by": [], "tracked_seconds": 0}
    assert next(r for r in rows if r["id"] == epic)["children_total"] == 1
    table = cli(db, "card", "list")
    assert table.startswith("board Web: 3 cards")
    line = next(ln for ln in table.splitlines() if f"#{bug} " in ln)
    assert "Fix [bold]login[/]" in line  # literal, never markup
    assert "2026-01-05 overdue" in line and "0:00/1:30" in line and "auth,urgent,dev" in line
    assert "P2" in line and "Doing" in line
    assert "Login [0/1]" in table  # a parent's progress
    shown = cli(db, "card", "show", str(bug))
    assert shown.startswith(f"#{bug} bug  Fix [bold]login[/]\nboard Web · Doing\n")
    assert "tracked 0:00 of 1:30 estimated (0%)" in shown
    assert "description:\n  Steps:\n  1. open /login" in shown
    assert "history:" in shown
    detail = json.loads(cli(db, "card", "show", str(bug), "--format", "json"))
    assert list(detail) == PINNED + DETAIL_EXTRA
    assert detail["history"][0]["entity"] == "work_item"

    assert cli(db, "card", "edit", str(bug), "--title", "Fix login", "--priority", "0",
               "--due", "none", "--no-tags") == f"changed #{bug} Fix login: title, priority, " \
                                                "due, tags\n"
    one = next(r for r in cards(db) if r["id"] == bug)
    assert (one["priority"], one["due"], one["tags"]) == (0, None, [])
    assert cli(db, "card", "edit", str(bug), "--parent", "none", "--estimate", "2h") == \
        f"changed #{bug} Fix login: estimate, parent\n"
    one = next(r for r in cards(db) if r["id"] == bug)
    assert (one["parent"], one["estimate_minutes"]) == (None, 120)
    history = cli(db, "card", "show", str(bug))
    assert "priority: 2 → 0" in history and "estimate: 1:30 → 2:00" in history
    assert "tags: auth, urgent, dev → none" in history
    assert cli(db, "undo").startswith("undid: ")
    one = next(r for r in cards(db) if r["id"] == bug)
    assert (one["parent"], one["estimate_minutes"]) == (epic, 90)


def test_move_done_wip_limit_and_force(db):
    cli(db, "board", "column", "limit", "Doing", "1")
    first = add(db, "One")
    second = add(db, "Two")
    assert cli(db, "card", "move", str(first), "--column", "Doing") == \
        f"moved #{first} One to Doing\n"
    refused = run_error(db, "card", "move", str(second), "--column", "doing")
    assert refused == ("column Doing is at its WIP limit of 1; add --force to do it anyway", 1)
    assert run_error(db, "card", "move", str(second), "--next", "--up") == (
        "--next: expected one move: --column/--lane/--position, --next, --prev, --up or "
        "--down, got '--next --up'", 2)
    assert cli(db, "card", "move", str(second), "--column", "3", "--force") == \
        f"moved #{second} Two to Doing\n"
    assert "2/1 over" in cli(db, "board", "show")
    assert cli(db, "card", "move", str(second), "--up") == \
        f"moved #{second} Two to place 1 in Doing\n"
    assert [c["id"] for c in cards(db, "--column", "Doing")] == [second, first]
    assert cli(db, "card", "move", str(first), "--next") == f"moved #{first} One to Review\n"
    assert cli(db, "card", "move", str(first), "--prev", "--force") == \
        f"moved #{first} One to Doing\n"
    assert cli(db, "card", "done", str(first)) == f"done: #{first} One (in Done)\n"
    done = next(c for c in cards(db) if c["id"] == first)
    assert done["column"] == "Done" and done["done_at"] is not None
    assert cli(db, "undo").startswith("undid: ")
    assert next(c for c in cards(db) if c["id"] == first)["column"] == "Doing"
    assert run_error(db, "card", "add", "Three", "--column", "Doing") == (
        "column Doing is at its WIP limit of 1; add --force to do it anyway", 1)
    assert "Three" not in [c["title"] for c in cards(db)]
    third = add(db, "Three", "--column", "Doing", "--force")
    assert next(c for c in cards(db) if c["id"] == third)["column"] == "Doing"


def run_error(where, *args):
    from tests.test_cli import fcc as run

    out = run(*where, *args, home=where.home, check=False)
    assert out.stderr.count("\n") == 1 and out.stdout == "", out.stderr
    return out.stderr.removeprefix("fcc: error: ").rstrip("\n"), out.returncode


def test_dependencies_cycle_and_blocked_done(db):
    a = add(db, "Schema")
    b = add(db, "API")
    c = add(db, "UI")
    assert cli(db, "card", "block", str(b), "--by", str(a)) == \
        f"#{b} API is blocked by #{a} Schema\n"
    cli(db, "card", "block", str(c), "--by", str(b))
    cycle = cli(db, "card", "block", str(a), "--by", str(c), code=2)
    assert cycle == f"card: #{c} blocking #{a} would make a cycle #{c} → #{a} → #{b} → #{c}"
    assert cli(db, "card", "block", str(a), "--by", str(a), code=2) == (
        f"--by: expected another card than #{a} (a card cannot block itself), got {a}")
    assert [x["id"] for x in cards(db, "--blocked")] == [b, c]
    table = cli(db, "card", "list", "--blocked")
    assert f"by #{a}" in table
    refused, code = run_error(db, "card", "done", str(b))
    assert code == 1 and refused.endswith("; add --force to do it anyway")
    assert f"#{a} Schema" in refused
    shown = cli(db, "card", "show", str(b))
    assert f"blocked by:\n  #{a} Schema (open)" in shown and f"blocks:\n  #{c} UI" in shown
    assert cli(db, "card", "done", str(b), "--force").startswith(f"done: #{b} API")
    assert cli(db, "card", "unblock", str(c), "--by", str(b)) == \
        f"#{c} is no longer blocked by #{b}\n"
    assert [x["id"] for x in cards(db, "--blocked")] == [b]  # a still blocks b (done, forced)
    assert cli(db, "undo").startswith("undid: ")
    blockers = json.loads(cli(db, "card", "show", str(c), "--format", "json"))["blockers"]
    assert [(d["blocker"], d["blocked"]) for d in blockers] == [(b, c)]


def test_archive_delete_restore_comment(db):
    card = add(db, "Invoice")
    assert cli(db, "card", "archive", str(card)) == f"archived #{card} Invoice\n"
    assert cards(db) == []
    assert [c["archived"] for c in cards(db, "--archived")] == [True]
    assert cli(db, "card", "archive", str(card), "--restore") == f"unarchived #{card} Invoice\n"
    assert cli(db, "card", "delete", str(card)) == \
        f"deleted #{card} Invoice; fcc card restore {card} brings it back\n"
    assert cards(db) == []
    assert cards(db, "--deleted")[0]["deleted_at"] is not None
    assert cli(db, "card", "restore", str(card)) == f"restored #{card} Invoice to Web · Backlog\n"
    cli(db, "card", "delete", str(card))
    assert cli(db, "undo").startswith("undid: ")
    assert [c["id"] for c in cards(db)] == [card]

    assert cli(db, "card", "comment", str(card), "sent to [red]Acme[/]").startswith(
        "added comment ")
    comment = json.loads(cli(db, "card", "show", str(card), "--format", "json"))["comments"]
    assert [(c["body"], c["updated_at"]) for c in comment] == [("sent to [red]Acme[/]", None)]
    number = str(comment[0]["id"])
    assert cli(db, "card", "comment", str(card), "--edit", number, "paid") == \
        f"changed comment {number} on #{card}\n"
    shown = cli(db, "card", "show", str(card))
    assert "(edited):\n    paid" in shown and "sent to [red]Acme[/]" in shown  # in history
    assert cli(db, "card", "comment", str(card), "--delete", number) == \
        f"deleted comment {number} on #{card}\n"
    assert json.loads(cli(db, "card", "show", str(card), "--format", "json"))["comments"] == []
    assert cli(db, "card", "comment", str(card), code=2) == \
        "TEXT: expected the comment's text (required)"
    other = add(db, "Other")
    assert cli(db, "card", "comment", str(other), "--edit", number, "x", code=2) == \
        f"--edit: expected a comment of #{other} (see fcc card show {other}), got '{number}'"


def test_bad_input_names_the_flag(db):
    card = add(db, "Something")
    assert cli(db, "card", "add", "X", "--priority", "9", code=2) == \
        "--priority: expected a priority from 0 (highest) to 4, got '9'"
    assert cli(db, "card", "add", "X", "--type", "saga", code=2) == \
        "--type: expected one of epic, story, task, bug, got 'saga'"
    assert cli(db, "card", "add", "X", "--estimate", "lots", code=2).startswith("--estimate: ")
    assert cli(db, "card", "add", "X", "--due", "someday", code=2).startswith("--due: ")
    assert cli(db, "card", "add", "X", "--column", "Nope", code=2).startswith("column: ")
    assert cli(db, "card", "add", "X", "--parent", "x", code=2).startswith("--parent: ")
    assert cli(db, "card", "add", "X", "--rate", "-5", code=2).startswith("--rate: ")
    assert cli(db, "card", "show", "999", code=2) == "card: no card #999"
    assert cli(db, "card", "show", "x", code=2).startswith("ID: expected a card id like 7")
    assert cli(db, "card", "edit", str(card), code=2) == \
        "edit: expected something to change, e.g. --title TEXT or --priority 1"
    assert cli(db, "card", "move", str(card), code=2) == \
        "--column: expected where to move it, e.g. --column Doing or --next"
    assert cli(db, "card", "move", str(card), "--prev", code=2).startswith(
        "--column: expected a column to the left")
    assert cli(db, "card", "list", "--format", "xml", code=2) == \
        "--format: expected one of table, json, csv, got 'xml'"
    assert cli(db, "card", "block", str(card), code=2) == \
        "--by: expected a card id like 7 (a whole number from 1 to 9223372036854775807) " \
        "(required)"


def test_csv_guards_formulas(db):
    add(db, "=HYPERLINK(\"x\")", "--tag", "a,b")
    text = cli(db, "card", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == PINNED
    assert rows[0]["title"] == "'=HYPERLINK(\"x\")" and rows[0]["tags"] == "a,b"
    assert (rows[0]["archived"], rows[0]["running"], rows[0]["blocked_by"]) == (
        "false", "false", "")
    raw = cli(db, "card", "list", "--format", "csv", "--no-formula-guard")
    assert list(csv.DictReader(io.StringIO(raw)))[0]["title"] == "=HYPERLINK(\"x\")"


def test_start_on_a_card_then_status(db):
    card = add(db, "Fix login")
    assert cli(db, "start", "--card", str(card)).startswith("started Acme/Website")
    status = cli(db, "status")
    assert status.startswith(f"Acme/Website #{card} 0:0")
    assert next(c for c in cards(db) if c["id"] == card)["running"] is True
    assert "a timer runs on it" in cli(db, "card", "show", str(card))
    cli(db, "stop")
    cli(db, "board", "add", "Home")
    loose = add(db, "Tidy up", "--board", "Home")
    assert cli(db, "start", "--card", str(loose), code=2) == (
        f"--card: expected a card with a project, or a PROJECT to start on (#{loose} has no "
        f"project), got {loose}")
    assert cli(db, "start", "Website", "--card", str(loose)).startswith("started Acme/Website")


def test_the_same_on_postgresql_and_sqlite(anydb):
    card = add(anydb, "Hello", "--tag", "x")  # the first write verb makes the Inbox board
    assert cards(anydb)[0]["board"] == "Inbox"
    assert cli(anydb, "card", "move", str(card), "--column", "Doing").endswith("to Doing\n")
    assert cli(anydb, "card", "done", str(card)).startswith("done:")
    assert cli(anydb, "undo").startswith("undid: ")
    assert cards(anydb)[0]["column"] == "Doing"
    assert cli(anydb, "card", "delete", str(card)).startswith("deleted")
    assert cards(anydb) == []
    assert cli(anydb, "undo").startswith("undid: ")
    assert [c["id"] for c in cards(anydb, "--tag", "X")] == [card]


@pytest.mark.parametrize("name", ["add", "list", "show", "edit", "move", "done", "archive",
                                  "delete", "restore", "block", "unblock", "comment"])
def test_help_has_an_example(tmp_path, name):
    out = " ".join(cli(bare(tmp_path), "card", name, "--help").split())
    assert out.startswith(f"Usage: fcc card {name} ") and f"Example: fcc card {name}" in out


def test_due_weekdays_are_ahead(db):
    """``--due fri`` is the coming Friday (today included), never the last one; +3d counts
    from today; other text is read as the time commands read it."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    card = add(db, "Ship", "--due", "fri")
    due = dt.date.fromisoformat(cards(db)[0]["due"])
    assert due.weekday() == 4 and 0 <= (due - today).days <= 6
    cli(db, "card", "edit", str(card), "--due", "+3d")
    assert cards(db)[0]["due"] == (today + dt.timedelta(days=3)).isoformat()
    cli(db, "card", "edit", str(card), "--due", "2026-12-24 18:00")
    assert cards(db)[0]["due"] == "2026-12-24"


@pytest.mark.parametrize("cols", [60, 80])
def test_a_narrow_terminal_keeps_titles_and_column_names_whole(db, tmp_path, cols):
    """Too narrow for every column, the table leaves out the least needed ones (tags, type,
    lane, ...) rather than break each column name into pieces; every line fits."""
    import re

    from fcc.tui.plaintable import cell_width
    from tests.ptyrun import environ, run_in_pty

    cli(db, "board", "lane", "add", "Standard")
    blocker = add(db, "Order confirmation emails", "--lane", "Standard", "--due", "2020-01-01",
                  "--estimate", "3h", "--tag", "email,black-friday,frontend")
    blocked = add(db, "Safari: checkout button hidden behind cookie banner " * 3, "--column",
                  "Review", "--lane", "Standard", "--tag", "performance")
    cli(db, "card", "block", str(blocked), "--by", str(blocker))
    code, out = run_in_pty([*db, "card", "list"], environ(tmp_path), cols=cols, timeout=20)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.decode()).replace("\r", "")
    assert code == 0, text
    lines = text.splitlines()
    assert max(cell_width(line) for line in lines) <= cols, text
    head = next(line for line in lines if line.lstrip().startswith("id"))
    assert head.split()[:4] == ["id", "title", "column", "pri"], text
    assert head.split()[-1] == "blocked" and "tags" not in head and "lane" not in head, text
    rows = [[c.strip() for c in line.split("   ") if c.strip()]
            for line in lines if line.lstrip().startswith("#")]
    assert [r[2:4] for r in rows] == [["Backlog", "P2"], ["Review", "P2"]], text
    assert rows[1][-1] == f"by #{blocker}", text
    # nothing left out where it all fits, nor of JSON
    wide, _ = run_in_pty([*db, "card", "list"], environ(tmp_path), cols=250, timeout=20)
    assert wide == 0
    assert len(cards(db)[0]) == len(PINNED)
