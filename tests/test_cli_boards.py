"""``fcc board`` (and its ``column`` and ``lane`` groups) through the real ``fcc``: every
command, its --help example, JSON field names, one-line errors with exit 2, and ``fcc undo``
reverting a change."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import fcc as run

BOARD_FIELDS = ["id", "uuid", "name", "project", "archived", "created_at", "cards",
                "active_sprint", "columns", "lanes"]
COLUMN_FIELDS = ["id", "name", "position", "wip_limit", "done", "cards", "over_limit"]
LANE_FIELDS = ["id", "name", "position", "cards"]


def cli(where, *args, code=0):
    """``fcc --db ... ARGS``: stdout, or (with ``code``) the one error line."""
    out = run(*where, *args, home=where.home, check=False, env={"FCC_ZONE": "Europe/Berlin"})
    assert out.returncode == code, (args, out.stdout, out.stderr)
    if code:
        assert out.stderr.startswith("fcc: error: ") and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""
        return out.stderr.removeprefix("fcc: error: ").rstrip("\n")
    return out.stdout


class Where(list[str]):
    home: object


def bare(tmp_path) -> Where:
    where = Where(["--db", str(tmp_path / "fcc.db")])
    where.home = tmp_path
    return where


@pytest.fixture
def db(tmp_path):
    where = Where(["--db", str(tmp_path / "fcc.db")])
    where.home = tmp_path
    return where


@pytest.fixture
def anydb(target, tmp_path):
    """The same commands on SQLite and on PostgreSQL."""
    where = Where(["--db", str(target.path)] if target.path is not None
                  else ["--db", target.url, "--workspace", target.workspace])
    where.home = tmp_path
    return where


def columns(where, board):
    return [(c["name"], c["position"], c["wip_limit"], c["done"])
            for c in json.loads(cli(where, "board", "show", board, "--format", "json"))["columns"]]


def test_board_add_list_show_rename_archive_link(anydb):
    cli(anydb, "client", "add", "Acme")
    cli(anydb, "project", "add", "Website", "--client", "Acme")
    assert cli(anydb, "board", "list") == "no boards yet; add one with: fcc board add NAME\n"
    assert cli(anydb, "board", "add", "Website", "--project", "Acme/Website").startswith(
        "added board Website for Acme/Website (id ")
    assert cli(anydb, "board", "add", "Ops", "--column", "Todo", "--column", "Shipped") \
        .endswith(": Todo, Shipped\n")
    boards = json.loads(cli(anydb, "board", "list", "--format", "json"))
    assert [list(b) for b in boards] == [BOARD_FIELDS] * 2
    web = next(b for b in boards if b["name"] == "Website")
    assert web["project"] == "Acme/Website" and web["cards"] == 0 and not web["archived"]
    assert [list(c) for c in web["columns"]] == [COLUMN_FIELDS] * 5
    assert [(c["name"], c["position"], c["done"]) for c in web["columns"]] == [
        ("Backlog", 1, False), ("To do", 2, False), ("Doing", 3, False), ("Review", 4, False),
        ("Done", 5, True)]
    assert columns(anydb, "ops") == [("Todo", 1, None, False), ("Shipped", 2, None, True)]
    table = cli(anydb, "board", "list")
    assert "Website" in table and "Acme/Website" in table and "Ops" in table
    shown = cli(anydb, "board", "show", "WEBSITE")
    assert shown.startswith("board Website (id ") and "project Acme/Website" in shown
    assert "Backlog" in shown and "done" in shown
    assert cli(anydb, "board", "rename", "ops", "Operations") == \
        "renamed board ops to Operations\n"
    assert cli(anydb, "board", "link", "Operations", "Acme/Website") == \
        "linked board Operations to Acme/Website\n"
    assert cli(anydb, "board", "link", "Operations", "--none") == \
        "board Operations is linked to no project\n"
    assert cli(anydb, "board", "archive", "Operations") == "archived board Operations\n"
    assert [b["name"] for b in json.loads(cli(anydb, "board", "list", "--format", "json"))] \
        == ["Website"]
    everything = json.loads(cli(anydb, "board", "list", "--all", "--format", "json"))
    assert [(b["name"], b["archived"]) for b in everything] == [
        ("Operations", True), ("Website", False)] or [
        (b["name"], b["archived"]) for b in everything] == [
        ("Website", False), ("Operations", True)]
    assert cli(anydb, "board", "archive", "Operations", "--restore") == \
        "unarchived board Operations\n"
    assert cli(anydb, "undo").startswith("undid: ")
    assert "Operations" not in cli(anydb, "board", "list")


def test_columns_and_lanes(db):
    cli(db, "board", "add", "Web")
    assert cli(db, "board", "column", "add", "QA", "--position", "4", "--limit", "2") == \
        "added column QA at 4\n"
    assert cli(db, "board", "column", "rename", "qa", "Testing") == \
        "renamed column qa to Testing\n"
    assert cli(db, "board", "column", "move", "Testing", "2") == "moved column Testing to 2\n"
    assert cli(db, "board", "column", "limit", "Doing", "3") == "column Doing: at most 3 cards\n"
    assert cli(db, "board", "column", "limit", "4", "none") == "column Doing: no WIP limit\n"
    assert cli(db, "board", "column", "limit", "4", "1") == "column Doing: at most 1 card\n"
    assert cli(db, "board", "column", "limit", "4", "none") == "column Doing: no WIP limit\n"
    assert cli(db, "board", "column", "done", "Review") == "column Review is a done column\n"
    assert cli(db, "board", "column", "done", "Review", "--not") == \
        "column Review is no longer a done column\n"
    assert columns(db, "Web") == [
        ("Backlog", 1, None, False), ("Testing", 2, 2, False), ("To do", 3, None, False),
        ("Doing", 4, None, False), ("Review", 5, None, False), ("Done", 6, None, True)]
    cli(db, "card", "add", "Check the login", "--column", "Testing")
    refused = cli(db, "board", "column", "remove", "Testing", code=2)
    assert "Testing" in refused
    assert cli(db, "board", "column", "remove", "Testing", "--move-to", "Review") == \
        "removed column Testing from Web; its cards are in Review\n"
    assert [c[0] for c in columns(db, "Web")] == ["Backlog", "To do", "Doing", "Review", "Done"]
    cards = json.loads(cli(db, "card", "list", "--format", "json"))
    assert [c["column"] for c in cards] == ["Review"]
    assert cli(db, "undo").startswith("undid: ")  # the column and its card are back
    assert [c[0] for c in columns(db, "Web")][1] == "Testing"
    assert [c["column"] for c in json.loads(cli(db, "card", "list", "--format", "json"))] == \
        ["Testing"]

    assert cli(db, "board", "lane", "add", "Frontend") == "added lane Frontend at 1\n"
    assert cli(db, "board", "lane", "add", "Backend") == "added lane Backend at 2\n"
    assert cli(db, "board", "lane", "add", "Ops", "--position", "1") == "added lane Ops at 1\n"
    assert cli(db, "board", "lane", "rename", "ops", "Infra") == "renamed lane ops to Infra\n"
    assert cli(db, "board", "lane", "move", "Infra", "3") == "moved lane Infra to 3\n"
    lanes = json.loads(cli(db, "board", "show", "--format", "json"))["lanes"]
    assert [list(ln) for ln in lanes] == [LANE_FIELDS] * 3
    assert [(ln["name"], ln["position"]) for ln in lanes] == [
        ("Frontend", 1), ("Backend", 2), ("Infra", 3)]
    cli(db, "card", "add", "Deploy", "--lane", "Infra")
    assert "lanes: 1 Frontend (0), 2 Backend (0), 3 Infra (1)" in cli(db, "board", "show")
    assert cli(db, "board", "lane", "remove", "Infra") == \
        "removed lane Infra from Web; its cards are in no lane\n"
    deploy = [c for c in json.loads(cli(db, "card", "list", "--format", "json"))
              if c["title"] == "Deploy"]
    assert deploy[0]["lane"] is None


def test_bad_input_is_one_line_naming_the_flag(db):
    cli(db, "board", "add", "Website")
    assert cli(db, "board", "add", "WEBSITE", code=2).startswith(
        "name: expected a name no other board has")
    assert cli(db, "board", "show", "Webstie", code=2) == \
        "board: no board named 'Webstie'; did you mean Website?"
    cli(db, "board", "add", "Ops")
    several = cli(db, "board", "column", "add", "QA", code=2)
    assert several.startswith("--board: expected one of ") and "Ops" in several
    assert cli(db, "board", "column", "limit", "Doing", "x", "--board", "Ops", code=2) == \
        "LIMIT: expected a number of cards like 3, or none, got 'x'"
    assert cli(db, "board", "column", "limit", "Doing", "0", "--board", "Website", code=2) == \
        "LIMIT: expected a number of cards like 3, or none, got '0'"
    assert cli(db, "board", "column", "add", "QA", "--board", "Ops", "--position", "0",
               code=2) == "--position: expected a position like 1 (the first), got '0'"
    assert cli(db, "board", "column", "move", "Doing", "zz", "--board", "Website", code=2) == \
        "POSITION: expected a position like 1 (the first), got 'zz'"
    assert cli(db, "board", "link", "Ops", code=2) == \
        "PROJECT: expected a project, or --none to unlink (not both)"
    assert cli(db, "board", "link", "Ops", "Nope", code=2).startswith("project: no project")


@pytest.mark.parametrize("path", [
    ("board", "add"), ("board", "list"), ("board", "show"), ("board", "rename"),
    ("board", "archive"), ("board", "link"), ("board", "column", "add"),
    ("board", "column", "rename"), ("board", "column", "move"), ("board", "column", "limit"),
    ("board", "column", "done"), ("board", "column", "remove"), ("board", "lane", "add"),
    ("board", "lane", "rename"), ("board", "lane", "move"), ("board", "lane", "remove"),
    ("board",), ("board", "column"), ("board", "lane")])
def test_help_has_an_example(tmp_path, path):
    out = cli(bare(tmp_path), *path, "--help")
    assert out.startswith(f"Usage: fcc {' '.join(path)} ")
    assert f"Example: fcc {' '.join(path[:2] if len(path) > 1 else path)}" in " ".join(
        out.split())


def test_the_readmes_boards_example_runs_as_written(db):
    """The Boards example block of the README, command by command, with the outputs its
    `# →` comments promise; `fcc card done 2` is the refusal it says."""
    import re
    import shlex
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Boards\n"):]
    block = section[section.index("```sh\n") + 6:]
    block = block[:block.index("```")]
    ran = 0
    for line in block.splitlines():
        command, _, comment = line.partition("#")
        if not command.strip() or command.lstrip().startswith("#"):
            continue
        promise = re.match(r"\s*→ (.*)", comment)
        for part in command.split("&&"):
            args = shlex.split(part)
            assert args[0] == "fcc"
            if "refused" in comment:
                assert cli(db, *args[1:], code=1).startswith(
                    "#2 is blocked by #1 Fix login")
            else:
                out = cli(db, *args[1:])
                if promise:
                    assert out == promise[1].rstrip() + "\n"
            ran += 1
    assert ran == 10
    blocked = json.loads(cli(db, "card", "list", "--blocked", "--format", "json"))
    assert [(c["id"], c["blocked_by"]) for c in blocked] == [(2, [1])]
    assert cli(db, "status").startswith("Website #1 0:0")
