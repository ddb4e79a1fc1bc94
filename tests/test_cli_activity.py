"""``fcc activity`` through the real ``fcc`` on both backends: each change as time, actor,
action and name with its fields before → after under its batch's message, the filters,
``--format json``, text from the database shown with its control characters visible, and bad
input in one line naming the flag (exit 2)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from tests.test_cli_boards import anydb, cli

__all__ = ["anydb"]  # the fixture

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d"


def test_changes_with_their_fields_before_and_after(anydb):
    cli(anydb, "client", "add", "Acme", "--rate", "90")
    cli(anydb, "project", "add", "Website", "--client", "Acme")
    cli(anydb, "add", "Acme/Website", "--from", "-3h", "--to", "-2h", "--note", "morning")
    cli(anydb, "client", "set", "Acme", "--rate", "100")
    out = cli(anydb, "activity").splitlines()
    assert out[0] == ("# change client Acme: hourly rate 100.00 (the latest change: undo "
                      "reverts it)")
    assert re.fullmatch(STAMP + r"  me  update  client Acme", out[1])
    assert out[2] == "    hourly_rate: 90.00 EUR → 100.00 EUR"
    assert out[3] == ""
    added = out[out.index("    note: morning") - 5:]
    assert re.fullmatch(STAMP + r"  me  add  entry 1 \(Acme/Website\)", added[0])
    assert "    rate: 90.00 EUR" in added and "    billable: yes" in added

    only = cli(anydb, "activity", "--entity", "entry", "--id", "1").splitlines()
    assert only[0].startswith("# added 1:00 on Acme/Website") and len(
        [line for line in only if line.startswith("#")]) == 1

    rows = json.loads(cli(anydb, "activity", "--entity", "client", "--format", "json"))
    assert [r["action"] for r in rows] == ["update", "create"]
    assert list(rows[0]) == ["id", "at", "actor", "entity", "kind", "entity_id", "action",
                             "name", "batch", "message", "undo", "undoable", "undo_note",
                             "changes"]
    (change,) = rows[0]["changes"]
    assert (change["field"], change["before"], change["after"]) == (
        "hourly_rate", "90.00 EUR", "100.00 EUR")
    assert (Decimal(change["old"]), Decimal(change["new"])) == (90, 100)  # as logged
    assert (rows[0]["undo"], rows[0]["undoable"], rows[1]["undo"]) == (
        "undoable", True, "older")
    assert rows[0]["at"].endswith("Z")

    cli(anydb, "undo")
    again = cli(anydb, "activity", "--limit", "2").splitlines()
    assert again[0].startswith("# undid: change client Acme: hourly rate 100.00 (an undo is")
    assert "    hourly_rate: 100.00 EUR → 90.00 EUR" in again
    assert any(line.startswith("# change client Acme: hourly rate 100.00 (already undone)")
               for line in again)


def test_text_from_the_database_is_shown_not_sent(anydb, target):
    """What another program (or an older fcc) logged: an actor and a title with terminal
    sequences, a bidi override and Rich markup."""
    from fcc.store import tables as t
    from fcc.store.api import Store

    cli(anydb, "card", "add", "Fix login")
    with Store.open(target) as store:
        t.Activity.insert(uuid=t.new_uuid().hex, actor="\x1b[2Jsam", entity="work_item",
                          entity_id="1", action="update", at=store.clock.now(),
                          before='{"title": "Fix login"}',
                          after='{"title": "[bold]pwned\\u001b]0;x\\u0007\\u202e"}',
                          batch=None).execute()
    out = cli(anydb, "activity", "--limit", "1")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "  ␛[2Jsam  update  card #1 [bold]pwned␛]0;x␇<U+202E>" in out
    assert "    title: Fix login → [bold]pwned␛]0;x␇<U+202E>" in out
    rows = json.loads(cli(anydb, "activity", "--format", "json", "--limit", "1"))
    assert rows[0]["actor"] == "\x1b[2Jsam"  # JSON keeps the data exact (escaped by JSON)
    assert rows[0]["changes"][0]["new"] == "[bold]pwned\x1b]0;x\x07\u202e"


def test_filters_and_bad_input(anydb):
    assert cli(anydb, "activity").strip() == "no changes"
    cli(anydb, "card", "add", "Fix login")
    assert cli(anydb, "activity", "--entity", "entry").strip() == "no changes of that kind"
    assert "card #1 Fix login" in cli(anydb, "activity", "--entity", "card")
    assert "column Backlog" in cli(anydb, "activity", "--entity", "board")
    assert "card #1" in cli(anydb, "activity", "--since", "-10m", "--entity", "card")
    error = cli(anydb, "activity", "--entity", "nonsense", code=2)
    assert error.startswith("--entity: expected one of approval, board, card")
    assert error.endswith("got 'nonsense'")
    assert cli(anydb, "activity", "--id", "3", code=2).startswith("--id needs --entity")
    assert cli(anydb, "activity", "--since", "whenever", code=2).startswith("--since: expected")
    assert cli(anydb, "activity", "--limit", "0", code=2).startswith("--limit")
    assert cli(anydb, "activity", "--entity", "entry", "--id", "0", code=2).startswith("--id")
