"""``fcc context`` through the real ``fcc``: Markdown with the cycle, goals and measures, this
week's plan and score, and the cards in progress with their descriptions and recent time;
``--card`` and ``--project`` narrow the cards; text from the database reaches the terminal
with its control characters shown, its Markdown intact; with no cycle the cards still come."""

from __future__ import annotations

import pytest

from tests.ptyrun import EVIL, leaks
from tests.test_cli import fcc as run
from tests.test_cli_plans import (
    cli,
    error,
    sqlite_db,
    started,
    where_for,
)


@pytest.fixture
def db(tmp_path):
    return sqlite_db(tmp_path)


@pytest.fixture
def anydb(target, tmp_path):
    return where_for(target, tmp_path)


def card(db, *args: str) -> int:
    return int(cli(db, "card", "add", *args).split("#", 1)[1].split()[0])


def board(db) -> tuple[int, int, int]:
    cli(db, "client", "add", "Acme")
    cli(db, "project", "add", "Website", "--client", "Acme")
    cli(db, "project", "add", "Admin")
    cli(db, "board", "add", "Web", "--project", "Acme/Website")
    login = card(db, "Fix login", "--column", "Doing", "--description",
                 "Steps:\n1. open `/login`\n2. **submit** " + EVIL)
    backlog = card(db, "Someday idea")  # the first column: not in progress
    taxes = card(db, "Taxes", "--column", "Review", "--project", "Admin")
    cli(db, "add", "Acme/Website", "--from", "-3h", "--duration", "1h30m", "--card",
        str(login), "--note", "pairing with Bob")
    return login, backlog, taxes


def test_context_markdown(anydb):
    db = anydb
    login, backlog, taxes = board(db)
    started(db, 2, "--name", "Q1 push")
    cli(db, "plan", "goal", "set", "business", "Grow to 12k", "--why", "Freedom", "--lead",
        "Client hours = 25 h per week from hours on client:Acme")
    cli(db, "plan", "item", "add", "Ship the login fix", "--card", str(login), "--goal",
        "business")
    done = cli(db, "plan", "item", "add", "Send invoice").split("#")[1].split()[0]
    cli(db, "plan", "check", done)

    out = run(*db, "context", home=db.home, check=False, env={"FCC_ZONE": "Europe/Berlin"})
    assert out.returncode == 0, out.stderr
    md = out.stdout
    assert md.startswith("# Context\n\n12-week cycle **Q1 push** (")
    assert ": week 2 of 12, " in md and "Weeks 7-12 lock on " in md
    assert "## Goals\n\n### Business: Grow to 12k\n\nWhy: Freedom\n" in md
    assert "- Lead: Client hours — 1:30" not in md  # hours are a number, not H:MM
    assert "- Lead: Client hours — 1.5 of 25 h per week (6%)" in md
    assert "## Week 2 plan (" in md and "1 of 2 done, score 50.00% (below the 85% bar)." in md
    assert f"- [ ] Ship the login fix (business goal; card #{login})" in md
    assert "- [x] Send invoice" in md
    assert "## Cards in progress" in md
    assert f"### #{login} Fix login\n\nWeb · Doing, Acme/Website.\n" in md
    assert "Tracked in the last 7 days: 1:30." in md
    assert "> Steps:\n> 1. open `/login`\n> 2. **submit** ␛]0;pwned␇" in md
    assert "- " in md and "1:30 — pairing with Bob" in md
    assert f"### #{taxes} Taxes" in md and f"#{backlog} " not in md
    assert not leaks(md.encode())

    only = cli(db, "context", "--card", str(taxes))
    assert f"### #{taxes} Taxes" in only and f"### #{login} " not in only
    project = cli(db, "context", "--project", "Acme/Website")
    assert f"### #{login} Fix login" in project and f"### #{taxes} " not in project
    assert "## Week 3 plan" in cli(db, "context", "--week", "3")


def test_context_without_a_cycle_and_bad_input(db):
    login, _, _ = board(db)
    md = cli(db, "context")
    assert md.startswith("# Context\n\nNo current 12-week cycle.\n")
    assert f"### #{login} Fix login" in md and "## Goals" not in md
    assert error(db, "context", "--card", "x") == \
        "--card: expected a card id like 7 (a whole number from 1 to 9223372036854775807), " \
        "got 'x'"
    assert error(db, "context", "--project", "Nope").startswith("--project: ")
    assert error(db, "context", "--week", "13").startswith("--week: expected ")
