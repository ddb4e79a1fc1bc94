"""``fcc plan review`` through the real ``fcc``: with flags (recommit, drop with a reason, break
down, the written review) on both backends; without a terminal and without flags it shows the
review and exits 2 naming --yes; a bad decision changes nothing; on a terminal (a pty) it asks
item by item and then for the review text.

The reviewed week is written in-process on a frozen clock set in that week (it has ended by
the time the command runs on the real clock)."""

from __future__ import annotations

import re
import time

import pytest

from tests.test_cli import fcc as run
from tests.test_cli_plans import (
    as_json,
    cli,
    error,
    in_week,
    sqlite_db,
    started,
    store_at,
    where_for,
)


@pytest.fixture
def db(tmp_path):
    return sqlite_db(tmp_path)


@pytest.fixture
def anydb(target, tmp_path):
    return where_for(target, tmp_path)


def seeded(db) -> dict[str, int]:
    """Today in week 3; week 2 planned (in week 2) with four items, the first done."""
    first = started(db, 3)
    ids = {}
    with store_at(db, in_week(first, 2)) as store:
        for title in ("Send proposal", "Call Bob", "Write case study", "Fix invoice template"):
            ids[title] = store.add_item(title, week=2).id
        store.check_item(ids["Send proposal"])
    return ids


def test_review_with_flags(anydb):
    db = anydb
    ids = seeded(db)
    done, bob, study, invoice = ids.values()
    out = run(*db, "plan", "review", home=db.home, check=False,
              env={"FCC_ZONE": "Europe/Berlin"})
    assert out.returncode == 2, out.stderr
    assert out.stdout.startswith("review of week 2 (")
    assert "1/4 done, score 25.00% (below the 85% bar)" in out.stdout
    assert "never reviewed: week 1 (finishing this review closes them too)" in out.stdout
    assert f"#{bob} Call Bob" in out.stdout and f"#{done} " not in out.stdout
    assert out.stderr == ("fcc: error: --yes: expected decisions (--recommit, --drop, "
                          "--break-down, --text) or --yes to finish the review without a "
                          "terminal\n")

    before = as_json(db, "plan", "week", "3")
    assert error(db, "plan", "review", "--recommit", str(bob), "--drop", f"{done}=x") == (
        f"--drop: expected an unfinished item of week 2: #{bob}, #{study}, #{invoice}, "
        f"got '{done}'")
    assert error(db, "plan", "review", "--recommit", str(bob), "--drop", str(study)) == \
        f"--drop: expected ITEM=REASON, got '{study}'"
    assert error(db, "plan", "review", "--recommit", str(bob), "--drop", f"{bob}=x") == \
        f"--drop: expected one decision per item (#{bob} has one already), got '{bob}'"
    # a refusal met while applying (after Bob's recommit) takes back the whole review
    long = "x" * 5000
    refused = error(db, "plan", "review", "--recommit", str(bob), "--break-down",
                    f"{invoice}=Outline;{long}")
    assert refused.startswith("--break-down: expected a title of at most "), refused
    assert as_json(db, "plan", "week", "3") == before  # nothing was written
    week2_before = as_json(db, "plan", "week", "2")
    assert week2_before["reviewed_at"] is None

    out = cli(db, "plan", "review", "--recommit", f"#{bob}", "--drop",
              f"{study}=client cancelled", "--break-down", f"{invoice}=Outline; Draft",
              "--text", "Too many meetings")
    lines = out.splitlines()
    assert re.fullmatch(rf"recommitted #{bob} Call Bob to week 3 as #\d+", lines[0])
    assert lines[1] == f"dropped #{study} Write case study"  # (in the week's order)
    assert re.fullmatch(rf"broke #{invoice} Fix invoice template down into #\d+, #\d+ in "
                        r"week 3", lines[2]), lines
    assert lines[3] == "reviewed week 2 (and week 1)"
    assert lines[5].startswith("12 weeks from ") and "· week 3 of 12" in lines[5]

    week2 = as_json(db, "plan", "week", "2")
    assert week2["review"] == "Too many meetings" and week2["reviewed_at"] is not None
    dropped = next(i for i in week2["items"] if i["id"] == study)
    assert (dropped["drop_reason"], dropped["done"]) == ("client cancelled", False)
    week3 = as_json(db, "plan", "week", "3")["items"]
    assert [(i["title"], i["origin_id"], i["origin_kind"], i["rolled_over"]) for i in week3] == [
        ("Call Bob", bob, "recommit", 1), ("Outline", invoice, "breakdown", 0),
        ("Draft", invoice, "breakdown", 0)]
    score = as_json(db, "plan", "score")
    assert [w["reviewed"] for w in score["weeks"][:3]] == [True, True, False]
    reviews = [n for n in as_json(db, "plan", "journal") if n["kind"] == "review"]
    assert [(n["week"], n["body"]) for n in reviews] == [(2, "Too many meetings")]
    assert cli(db, "plan", "review").startswith("nothing to review: ")
    assert cli(db, "undo") == "undid: review week 2 (3 items decided)\n"  # one change
    assert as_json(db, "plan", "week", "2") == week2_before
    assert as_json(db, "plan", "week", "3") == before


def test_review_yes_finishes_with_nothing_decided(db):
    ids = seeded(db)
    out = cli(db, "plan", "review", "--yes")
    assert "reviewed week 2 (and week 1); 3 items left as they were" in out
    assert as_json(db, "plan", "week", "3")["items"] == []
    # an ended week may be reviewed again: its open items are still there to decide on
    again = cli(db, "plan", "review", "--week", "2", "--recommit", str(ids["Call Bob"]))
    assert again.startswith(f"recommitted #{ids['Call Bob']} Call Bob to week 3")


def test_review_asks_on_a_terminal(db):
    from tests.ptyrun import environ, run_in_pty

    ids = seeded(db)

    def drive(send, read_for):
        for answer in (b"x", b"r", b"d", b"no longer needed", b"b", b"Outline;Draft",
                       b"Good week, one slip"):
            seen, end = b"", time.monotonic() + 15
            while not seen.endswith(b": "):  # every prompt ends so: wait for the next one
                assert time.monotonic() < end, seen
                seen += read_for(0.2)
            send(answer + b"\r")
        read_for(3)

    code, out = run_in_pty([*db, "plan", "review"], environ(db.home), drive=drive, timeout=15)
    text = out.decode(errors="replace").replace("\r", "")
    assert code == 0, text
    assert "[r]ecommit to week 3, [b]reak down, [d]rop or [s]kip (enter: skip): " in text
    assert "Error: answer r (recommit), b (break down), d (drop) or s (skip)" in text
    assert "reviewed week 2 (and week 1)" in text
    week2 = as_json(db, "plan", "week", "2")
    assert week2["review"] == "Good week, one slip"
    study = next(i for i in week2["items"] if i["id"] == ids["Write case study"])
    assert study["drop_reason"] == "no longer needed"
    assert [i["title"] for i in as_json(db, "plan", "week", "3")["items"]] == [
        "Call Bob", "Outline", "Draft"]
