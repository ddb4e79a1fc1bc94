"""Issue 11: what a name, tag or note may contain, and the one range of valid instants and
durations, the same on SQLite and PostgreSQL and in every import."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from fcc.store.errors import InvalidInput
from fcc.store.limits import iso_z, iso_z_epoch
from fcc.store.readers import read_csv, read_timewarrior, read_watson
from fcc.store.when import parse_duration, parse_when

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # the FrozenClock

# (character, how the error names it)
HOSTILE = [
    ("\x00", "control character U+0000"),
    ("\x1b", "control character U+001B"),
    ("\x07", "control character U+0007"),
    ("\t", "control character U+0009"),
    ("\n", "control character U+000A"),
    ("\x7f", "control character U+007F"),
    ("\x9b", "control character U+009B"),
    ("\u202e", "bidirectional control U+202E"),
    ("\u2066", "bidirectional control U+2066"),
]


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def names(store) -> list[str]:
    return sorted([p.label for p in store.list_projects(include_archived=True)]
                  + [c.name for c in store.list_clients(include_archived=True)])


# --- names and tags --------------------------------------------------------------------------


@pytest.mark.parametrize("char, named", HOSTILE)
def test_a_name_with_a_control_character_is_refused_and_nothing_is_written(store, char, named):
    store.create_client({"name": "Acme"})
    store.create_project({"name": "Website", "client": "Acme"})
    before = names(store)
    attempts = [
        lambda: store.create_client({"name": f"Evil{char}Corp"}),
        lambda: store.create_project({"name": f"Evil{char}Site"}),
        lambda: store.create_project({"name": f"Evil{char}Site", "client": "Acme"}),
        lambda: store.rename_project("Acme/Website", f"Web{char}site"),
        lambda: store.rename_client("Acme", f"Ac{char}me"),
        lambda: store.ensure_project(f"p{char}x", "Acme"),
        lambda: store.ensure_project("p", f"c{char}x"),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as err:
            attempt()
        message = str(err.value)
        assert named in message and "\n" not in message
        assert message.split(":", 1)[0] in ("name", "new name")
    assert names(store) == before


@pytest.mark.parametrize("char, named", HOSTILE)
def test_an_email_with_a_control_character_is_refused(store, char, named):
    with pytest.raises(InvalidInput, match="email: expected an email address"):
        store.create_client({"name": "Acme", "email": f"a{char}b@example.com"})
    assert store.list_clients() == []


@pytest.mark.parametrize("char, named", HOSTILE)
def test_a_tag_with_a_control_character_is_refused(store, char, named):
    store.create_project({"name": "Website"})
    with pytest.raises(InvalidInput, match=re.escape(
            f"tag: expected a tag without control characters ({named} is not allowed)")):
        store.add_entry("Website", at("2026-11-20T09:00:00+00:00"),
                        at("2026-11-20T10:00:00+00:00"), tags=["ok", f"b{char}d"])
    with pytest.raises(InvalidInput, match=re.escape(named)):
        store.start_timer("Website", tags=[f"x{char}y"])
    assert store.entries(at("2026-01-01T00:00:00+00:00"), NOW) == []


def test_surrounding_white_space_is_trimmed_but_not_inside(store):
    assert store.create_project({"name": "  Web   site \n"}).name == "Web site"
    with pytest.raises(InvalidInput, match="U\\+000A"):
        store.create_project({"name": "Web\nsite"})


def test_a_note_keeps_controls_but_never_nul(store):
    store.create_project({"name": "Website"})
    hostile = "\x1b]0;pwned\x07 \x9b2J \u202eevil"
    change = store.add_entry("Website", at("2026-11-20T09:00:00+00:00"),
                             at("2026-11-20T10:00:00+00:00"), note=hostile)
    assert store.entry(change.entry.no).note == hostile  # stored exactly; shown visibly
    with pytest.raises(InvalidInput, match="note: expected a note without NUL characters"):
        store.add_entry("Website", at("2026-11-20T11:00:00+00:00"),
                        at("2026-11-20T12:00:00+00:00"), note="a\x00b")
    with pytest.raises(InvalidInput, match="note: expected a note without NUL"):
        store.amend_entry(change.entry.no, note="x\x00")
    with pytest.raises(InvalidInput, match="reason: expected a reason without NUL"):
        store.void_entry(change.entry.no, "dup\x00licate")
    assert [e.note for e in store.entries(at("2026-01-01T00:00:00+00:00"), NOW)] == [hostile]


# --- imports ---------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["client", "project", "start", "end", "note",
                                                "tags", "card"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(project: str, hour: int, **more: str) -> dict[str, str]:
    return {"client": "", "project": project, "start": f"2026-11-02T{hour:02d}:00:00Z",
            "end": f"2026-11-02T{hour:02d}:30:00Z", "note": "", "tags": "", "card": "", **more}


def test_csv_import_refuses_hostile_records_one_by_one(store, tmp_path):
    """A NUL in a name once aborted a whole import on PostgreSQL and was stored on SQLite."""
    file = write_csv(tmp_path / "in.csv", [
        row("Good", 8),
        row("Nul\x00Project", 9),
        row("Escape\x1b]0;pwned\x07", 10),
        row("Good", 11, client="Evil\u202eCorp"),
        row("Good", 12, tags="ok,b\x9bd"),
        row("Good", 13, note="a\x00b"),
        row("Good", 14, note="keeps \x1b[2J"),
        row("Tab\tbed", 15),
        row("Good", 16, card="99999999999999999999999"),
    ])
    result = store.import_entries("csv", read_csv(file))
    assert result.imported == 2
    reasons = sorted(skip.reason for skip in result.bad)
    assert reasons == sorted([
        "project: expected a name without control characters (control character U+0000 is "
        "not allowed)",
        "project: expected a name without control characters (control character U+001B is "
        "not allowed)",
        "client: expected a name without control characters (bidirectional control U+202E "
        "is not allowed)",
        "tag: expected a tag without control characters (control character U+009B is not "
        "allowed)",
        "note: expected a note without NUL characters (U+0000 cannot be stored)",
        "project: expected a name without control characters (control character U+0009 is "
        "not allowed)",
        "card: expected a card id (a whole number from 1 to 9223372036854775807), got "
        "'99999999999999999999999'",
    ])
    assert names(store) == ["Good"]
    assert sorted(e.note for e in store.entries(at("2026-11-01T00:00:00+00:00"), NOW)) == \
        ["", "keeps \x1b[2J"]


def test_watson_and_timewarrior_imports_refuse_hostile_names(store, tmp_path):
    start = int(at("2026-11-02T09:00:00+00:00").timestamp())
    frames = [[start, start + 600, "fine", "a", [], start],
              [start + 3600, start + 4200, "bad\x00name", "b", [], start],
              [start + 7200, start + 7800, "fine", "c", ["x\u2067"], start],
              [start + 9000, start + 9600, "tab\tname", "d", [], start]]
    (tmp_path / "watson").mkdir()
    (tmp_path / "watson" / "frames").write_text(json.dumps(frames))
    result = store.import_entries("watson", read_watson(tmp_path / "watson"))
    assert (result.imported, len(result.bad)) == (1, 3)
    assert any("U+0000" in b.reason for b in result.bad)
    assert any("U+2067" in b.reason for b in result.bad)
    assert any("U+0009" in b.reason for b in result.bad)
    (tmp_path / "watson2").mkdir()
    (tmp_path / "watson2" / "frames").write_text(json.dumps([
        [start, start + 600, "fine", "id\x00nul", [], start]]))
    result = store.import_entries("watson", read_watson(tmp_path / "watson2"))
    assert (result.imported, len(result.bad)) == (0, 1)
    assert result.bad[0].reason.startswith("id: expected an id without control characters")
    data = tmp_path / "timew" / "data"
    data.mkdir(parents=True)
    (data / "2026-11.data").write_text(
        "inc 20261103T090000Z - 20261103T100000Z # fine\n"
        "inc 20261103T110000Z - 20261103T120000Z # \"esc\x1bape\"\n", encoding="utf-8")
    result = store.import_entries("timewarrior", read_timewarrior(tmp_path / "timew"))
    assert (result.imported, len(result.bad)) == (1, 1)
    assert "U+001B" in result.bad[0].reason
    assert names(store) == ["fine"]


# --- the range of instants and durations ------------------------------------------------------


@pytest.mark.parametrize("text", ["0001-01-01T00:00Z", "1969-12-31T23:59:59Z",
                                  "1969-12-31 23:00", "9999-12-31T23:59:59-01:00"])
def test_parse_when_refuses_instants_outside_the_range(text):
    with pytest.raises(InvalidInput) as err:
        parse_when(text, now=NOW, zone="Europe/Berlin", field="--from")
    assert str(err.value).startswith("--from: expected ")


def test_parse_when_names_the_range():
    with pytest.raises(InvalidInput, match="between 1970-01-01 and 9999-12-31"):
        parse_when("0001-01-01T00:00Z", now=NOW, zone="UTC", field="--at")
    assert parse_when("1970-01-01T00:00Z", now=NOW, zone="UTC") == at("1970-01-01T00:00:00+00:00")
    with pytest.raises(InvalidInput, match="1000h"):
        parse_duration("1000h")


def test_the_store_refuses_instants_and_spans_outside_the_range(store):
    store.create_project({"name": "Website"})
    year1 = dt.datetime(1, 1, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="^start: expected a time between 1970-01-01"):
        store.add_entry("Website", year1, year1 + dt.timedelta(hours=1))
    with pytest.raises(InvalidInput, match="^at: expected a time between"):
        store.start_timer("Website", at=dt.datetime(1969, 12, 31, 23, tzinfo=UTC))
    start = at("2026-09-01T09:00:00+00:00")
    with pytest.raises(InvalidInput, match="^end: expected an entry shorter than 1000 hours"):
        store.add_entry("Website", start, start + dt.timedelta(hours=1000))
    ok = store.add_entry("Website", start, start + dt.timedelta(hours=999, minutes=59))
    with pytest.raises(InvalidInput, match="^start: expected an entry shorter|"
                                           "^end: expected an entry shorter"):
        store.amend_entry(ok.entry.no, start=start - dt.timedelta(hours=1))
    with pytest.raises(InvalidInput, match="^start: expected a time between"):
        store.amend_entry(ok.entry.no, start=year1)
    assert len(store.entries(at("1970-01-01T00:00:00+00:00"), NOW)) == 1


def test_a_forgotten_timer_still_stops_and_can_be_amended(store):
    """Only a running timer grows past 1000 hours: stopping it is never refused, and a later
    change that keeps its times (a note) is not refused either."""
    store.create_project({"name": "Website"})
    store.start_timer("Website", at=NOW - dt.timedelta(days=60))
    stopped = store.stop_timer().entry
    assert stopped.end == NOW
    assert store.amend_entry(stopped.no, note="forgot").entry.note == "forgot"
    with pytest.raises(InvalidInput, match="1000 hours"):
        store.amend_entry(stopped.no, start=NOW - dt.timedelta(days=59))


def test_imports_refuse_instants_and_spans_outside_the_range(store, tmp_path):
    file = write_csv(tmp_path / "in.csv", [
        row("p", 8),
        {**row("p", 9), "start": "0001-01-01T00:00:00Z", "end": "0001-01-01T01:00:00Z"},
        {**row("p", 10), "start": "1969-12-31T23:00:00Z", "end": "1970-01-01T01:00:00Z"},
        {**row("p", 11), "start": "0026-11-02T10:00:00Z"},  # 17 million hours: year 26
        {**row("p", 12), "start": "2026-09-01T00:00:00Z"},  # 1,498 hours
        {**row("p", 13), "end": "9999-12-31T23:59:59-05:00"},
    ])
    result = store.import_entries("csv", read_csv(file))
    assert result.imported == 1
    reasons = [b.reason for b in result.bad]
    assert sum("a time between 1970-01-01 and 9999-12-31" in r for r in reasons) == 4
    assert sum("an entry shorter than 1000 hours" in r for r in reasons) == 1
    assert len(reasons) == 5
    start = int(at("2026-11-02T09:00:00+00:00").timestamp())
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "frames").write_text(json.dumps([
        [-62135596800, -62135593200, "p", "year1", [], 0],
        [start - 1500 * 3600, start, "p", "long", [], start]]))
    result = store.import_entries("watson", read_watson(tmp_path / "w"))
    assert (result.imported, len(result.bad)) == (0, 2)


def test_every_exported_instant_has_a_four_digit_year(store):
    assert iso_z(dt.datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00Z"
    assert iso_z_epoch(-62135596800) == "0001-01-01T00:00:00Z"
    assert iso_z_epoch(0) == "1970-01-01T00:00:00Z"
    project = store.create_project({"name": "Website"})
    with store.atomic():  # an entry from before the range existed (stored by an older fcc)
        store._insert(project.id, None, dt.datetime(1, 1, 1, tzinfo=UTC),
                      dt.datetime(1, 1, 1, 1, tzinfo=UTC), "", [], None, parallel=False)
    (exported,) = list(store.export_rows())
    assert exported["start"] == "0001-01-01T00:00:00Z"
    assert dt.datetime.fromisoformat(exported["start"]).year == 1
