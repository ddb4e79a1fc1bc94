"""Imports from Watson, Timewarrior and CSV: the readers on files written here, the store verb on
both backends, and Watson's own report as the referee for what an import adds up to."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.readers import NotImportable, read_csv, read_timewarrior, read_watson

UTC = dt.UTC
H = 3600
NOW = int(dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC).timestamp())  # the FrozenClock


def epoch(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp())


def frame(start: str | int, stop: str | int | None, project: str, fid: str,
          tags: list[str] | None = None) -> list[object]:
    s = epoch(start) if isinstance(start, str) else start
    e = epoch(stop) if isinstance(stop, str) else stop
    return [s, e, project, fid, tags or [], e or s]


def write_frames(folder: Path, frames: Sequence[object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frames").write_text(json.dumps(frames))
    return folder


def records(items: list[rec.ImportRecord | rec.ImportSkip]) -> list[rec.ImportRecord]:
    return [i for i in items if isinstance(i, rec.ImportRecord)]


def skips(items: list[rec.ImportRecord | rec.ImportSkip]) -> list[rec.ImportSkip]:
    return [i for i in items if isinstance(i, rec.ImportSkip)]


# --- readers ---------------------------------------------------------------------------------


def test_read_watson_frames(tmp_path):
    folder = write_frames(tmp_path / "watson", [
        frame("2026-11-02T09:00:00+00:00", "2026-11-02T10:30:00+00:00", "website", "a1",
              ["dev", "urgent"]),
        [epoch("2026-11-02T11:00:00+00:00"), epoch("2026-11-02T12:00:00+00:00"), "acme/admin",
         "a2", epoch("2026-11-02T12:00:00+00:00")],  # Watson < 1.0: no tags
        {"id": "a3", "project": "website", "start": "2026-11-03T09:00:00+01:00",
         "stop": "2026-11-03T10:00:00+01:00", "tags": ["x"]},  # watson log --json
        [epoch("2026-11-04T09:00:00+00:00"), "soon", "website", "a4", [], 0],
        [epoch("2026-11-04T09:00:00+00:00"), epoch("2026-11-04T10:00:00+00:00"), "", "a5", []],
        "not a frame",
    ])
    items = read_watson(folder)
    good = records(items)
    assert [(r.source_key, r.project, r.tags) for r in good] == [
        ("watson:a1", "website", ("dev", "urgent")), ("watson:a2", "acme-admin", ()),
        ("watson:a3", "website", ("x",))]
    assert good[0].start == dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert good[0].end == dt.datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
    assert good[2].start == dt.datetime(2026, 11, 3, 8, tzinfo=UTC) and good[2].note == ""
    frames_file = folder / "frames"
    assert [(s.where, s.reason) for s in skips(items)] == [
        (f"{frames_file} frame 4", "stop: expected seconds since 1970 (or an ISO 8601 time with "
                                   "an offset), got 'soon'"),
        (f"{frames_file} frame 5", "project: expected a project name, got ''"),
        (f"{frames_file} frame 6", "frame: expected a list [start, stop, project, id, tags, "
                                   "updated_at], got 'not a frame'"),
    ]
    assert read_watson(frames_file) == items  # the file itself will do too


@pytest.mark.parametrize("content, message", [
    ("", "is not a Watson frames file (not JSON"),
    ("[1, 2", "is not a Watson frames file (not JSON"),
    ('{"frames": []}', "expected a JSON list of frames, got a JSON dict"),
    (b"\xff\xfe\x00", "not JSON"),
])
def test_a_file_that_is_not_watsons_is_refused(tmp_path, content, message):
    path = tmp_path / "frames"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(NotImportable, match=re.escape(message)) as err:
        read_watson(tmp_path)
    assert str(path) in str(err.value) and err.value.exit_code == 2
    with pytest.raises(NotImportable, match="no frames file at"):
        read_watson(tmp_path / "nowhere")


TIMEW_2020_10 = """\
inc 20201010T100000Z - 20201010T110000Z # acme "tag 2" dev # "fixed the \\"login\\" bug"
inc 20201010T120000Z - 20201010T123000Z # "web/site" # two words
inc 20201011T080000Z - 20201011T090000Z

garbage here
inc 20201011T100000Z - 2020-10-11 # acme
"""
TIMEW_2020_11 = """\
inc 20201101T090000Z - 20201101T100000Z # "#hash" x
inc 20201102T090000Z # acme
"""


def write_timewarrior(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    (data / "2020-10.data").write_text(TIMEW_2020_10)
    (data / "2020-11.data").write_text(TIMEW_2020_11)
    (data / "tags.data").write_text('{"acme": {"count": 3}}')  # not an interval file
    (data / "undo.data").write_text("txn:\n")
    return folder


def test_read_timewarrior_intervals(tmp_path):
    folder = write_timewarrior(tmp_path / "timew")
    items = read_timewarrior(folder)
    good = records(items)
    assert [(r.project, r.tags, r.note) for r in good] == [
        ("acme", ("tag 2", "dev"), 'fixed the "login" bug'),
        ("web-site", (), "two words"),
        ("#hash", ("x",), ""),  # a quoted '#' is a tag, not the separator
        ("acme", (), ""),
    ]
    assert good[0].start == dt.datetime(2020, 10, 10, 10, tzinfo=UTC)
    assert good[0].end == dt.datetime(2020, 10, 10, 11, tzinfo=UTC)
    assert good[3].end is None  # still running there: the verb skips it
    assert all(r.source_key.startswith("timewarrior:") and len(r.source_key) == 52 for r in good)
    assert len({r.source_key for r in good}) == 4
    data = folder / "data"
    assert [(s.where, s.reason.split(",")[0]) for s in skips(items)] == [
        (f"{data / '2020-10.data'} line 3",
         "tags: expected a tag (the first tag names the project)"),
        (f"{data / '2020-10.data'} line 5",
         "line: expected an interval like 'inc START - END # TAGS'"),
        (f"{data / '2020-10.data'} line 6", "end: expected a UTC time like 20201010T100000Z"),
    ]
    assert read_timewarrior(data) == items  # the data folder itself will do too
    again = read_timewarrior(folder)
    assert [r.source_key for r in records(again)] == [r.source_key for r in good]  # stable keys


def test_a_folder_that_is_not_timewarriors_is_refused(tmp_path):
    with pytest.raises(NotImportable, match="no data files"):
        read_timewarrior(tmp_path)
    (tmp_path / "2020-01.data").write_text("hello\nworld\n")
    with pytest.raises(NotImportable, match="no line starts with 'inc'"):
        read_timewarrior(tmp_path)
    (tmp_path / "2020-01.data").write_bytes(b"\xff\xfe inc")
    with pytest.raises(NotImportable, match="not UTF-8"):
        read_timewarrior(tmp_path)


CSV_TEXT = """\
id,uuid,client,project,card,card_title,start,end,zone,seconds,note,tags,billable,rate,currency
1,0b7e1f52-5b1e-4a43-9d7f-1c1c9d6f0a01,Acme,Website,,,2026-11-20T13:00:00Z,\
2026-11-20T14:30:00Z,Europe/Berlin,5400,"login, again","dev,urgent",true,100.00,EUR
2,,,Acme/Admin,,,2026-11-20T15:00:00+01:00,2026-11-20T15:30:00+01:00,,1800,,,false,,
3,,,Solo,,,2026-11-21 09:00,2026-11-21 10:00,,,,,,,
4,,,Solo,,,2026-11-21 11:00,2026-11-21 12:00,America/New_York,,,,,,
5,,,Solo,,,yesterday,2026-11-21T12:00:00Z,,,,,,,
6,,,Solo,,,2026-11-21T12:00:00Z,,,,,,,,
7,,,,,,2026-11-21T12:00:00Z,2026-11-21T13:00:00Z,,,,,,,
8,,,Solo,x,,2026-11-21T12:00:00Z,2026-11-21T13:00:00Z,,,,,maybe,,
9,not-a-uuid,,Solo,,,2026-11-21T12:00:00Z,2026-11-21T13:00:00Z,,,,,,,
10,,,Solo,,,2026-11-21T12:00:00Z,2026-11-21T13:00:00Z,Mars/Olympus,,,,,,
"""


def test_read_csv_rows(tmp_path):
    path = tmp_path / "hours.csv"
    path.write_text("\ufeff" + CSV_TEXT)  # with the BOM spreadsheets write
    items = read_csv(path)
    good = records(items)
    first, admin, naive, new_york, running = good
    assert (first.client, first.project, first.note, first.tags, first.billable, first.zone) == (
        "Acme", "Website", "login, again", ("dev", "urgent"), True, "Europe/Berlin")
    assert first.source_key == "csv:0b7e1f52-5b1e-4a43-9d7f-1c1c9d6f0a01" and first.uuid
    assert first.start == dt.datetime(2026, 11, 20, 13, tzinfo=UTC)
    assert (admin.client, admin.project, admin.billable) == ("Acme", "Admin", False)
    assert admin.end == dt.datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert naive.start == dt.datetime.fromisoformat("2026-11-21T09:00") and naive.zone is None
    assert new_york.start == dt.datetime(2026, 11, 21, 16, tzinfo=UTC)
    assert running.end is None
    assert naive.source_key.startswith("csv:") and len(naive.source_key) == 44
    assert [(s.where, s.reason.split(",")[0]) for s in skips(items)] == [
        (f"{path} line 6", "start: expected an ISO 8601 time like 2026-11-20T13:00:00Z"),
        (f"{path} line 8", "project: expected a project name"),
        (f"{path} line 9", "billable: expected true or false"),
        (f"{path} line 10", "uuid: expected a UUID like 0b7e...-..."),
        (f"{path} line 11", "zone: expected an IANA time zone like Europe/Berlin"),
    ]


@pytest.mark.parametrize("content, message", [
    ("", "has no project, start, end column"),
    ("project;start;end\nx;y;z\n", "has no project, start, end column"),
    ("project,start\nx,2026-11-20T13:00:00Z\n", "has no end column"),
])
def test_a_file_without_the_columns_is_refused(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_text(content)
    with pytest.raises(NotImportable, match=message):
        read_csv(path)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff")
    with pytest.raises(NotImportable, match="not UTF-8"):
        read_csv(path)


# --- the store verb (both backends) ----------------------------------------------------------


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "100", "currency": "EUR"})
    store.create_project({"name": "website", "client": "Acme", "hourly_rate": "120"})
    store.create_project({"name": "Admin"})
    return store


def test_import_then_rerun_imports_nothing_twice(world, tmp_path):
    folder = write_frames(tmp_path / "w", [
        frame("2026-11-02T09:00:00+00:00", "2026-11-02T10:30:00+00:00", "website", "f1", ["dev"]),
        frame("2026-11-02T11:00:00+00:00", "2026-11-02T12:00:00+00:00", "ADMIN", "f2"),
        frame("2026-11-03T09:00:00+00:00", "2026-11-03T10:00:00+00:00", "research", "f3"),
        frame("2026-11-03T10:00:00+00:00", "2026-11-03T11:00:00+00:00", "Research", "f4"),
    ])
    result = world.import_entries("watson", read_watson(folder))
    assert result.message == ("imported 4 entries (1 new project), skipped 0 (already imported: "
                              "0, bad: 0)")
    assert result.new_projects == ("research",) and result.parallel == 0 and result.batch
    entries = world.entries()
    assert [(e.project, e.tags, e.rate, e.zone, e.billable, e.source_key) for e in entries] == [
        ("Acme/website", ("dev",), Decimal("120.00"), "Europe/Berlin", True, "watson:f1"),
        ("Admin", (), None, "Europe/Berlin", True, "watson:f2"),
        ("research", (), None, "Europe/Berlin", True, "watson:f3"),
        ("research", (), None, "Europe/Berlin", True, "watson:f4"),
    ]
    calls: list[tuple[int, int]] = []
    again = world.import_entries("watson", read_watson(folder), lambda d, n: calls.append((d, n)))
    assert again.message == ("imported 0 entries (0 new projects), skipped 4 (already imported: "
                             "4, bad: 0)")
    assert again.batch is None and calls == [] and len(world.entries()) == 4
    # A frame added in Watson since: only it comes in.
    frames = json.loads((folder / "frames").read_text())
    frames.append(frame("2026-11-04T09:00:00+00:00", "2026-11-04T10:00:00+00:00", "website",
                        "f5"))
    write_frames(folder, frames)
    third = world.import_entries("watson", read_watson(folder), lambda d, n: calls.append((d, n)))
    assert (third.imported, third.already_imported) == (1, 4) and calls == [(0, 1), (1, 1)]
    dry = world.import_entries("watson", read_watson(folder), dry_run=True)
    assert dry.message == ("would import 0 entries (0 new projects), would skip 5 (already "
                           "imported: 5, bad: 0)")


def test_dry_run_writes_nothing(world, tmp_path):
    folder = write_frames(tmp_path / "w", [
        frame("2026-11-02T09:00:00+00:00", "2026-11-02T10:00:00+00:00", "new one", "d1")])
    before = (t.Activity.select().count(), t.Project.select().count())
    dry = world.import_entries("watson", read_watson(folder), dry_run=True)
    assert dry.message == ("would import 1 entry (1 new project), would skip 0 (already "
                           "imported: 0, bad: 0)")
    assert (t.Activity.select().count(), t.Project.select().count()) == before
    assert world.entries() == []


def test_overlapping_entries_are_imported_as_parallel(world, tmp_path):
    start = dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
    world.add_entry("Admin", start, start + dt.timedelta(hours=2))  # 09:00-11:00 UTC
    world.start_timer("Admin", at=dt.datetime(2026, 11, 23, 8, tzinfo=UTC))  # running since 8:00
    folder = write_frames(tmp_path / "w", [
        frame("2026-11-02T08:00:00+00:00", "2026-11-02T09:00:00+00:00", "website", "p1"),  # ends
        # overlaps:
        frame("2026-11-02T10:00:00+00:00", "2026-11-02T12:00:00+00:00", "website", "p2"),
        frame("2026-11-02T11:00:00+00:00", "2026-11-02T13:00:00+00:00", "website", "p3"),  # free
        frame("2026-11-02T12:30:00+00:00", "2026-11-02T12:45:00+00:00", "website", "p4"),  # in p3
        frame("2026-11-02T13:00:00+00:00", "2026-11-02T13:00:00+00:00", "website", "p5"),  # empty
        frame("2026-11-02T12:40:00+00:00", "2026-11-02T12:40:00+00:00", "website", "p6"),  # in p3
        frame("2026-11-23T07:00:00+00:00", "2026-11-23T09:00:00+00:00", "website", "p7"),  # timer
        frame("2026-11-23T06:00:00+00:00", "2026-11-23T07:00:00+00:00", "website", "p8"),  # free
    ])
    result = world.import_entries("watson", read_watson(folder))
    assert result.imported == 8 and result.parallel == 4
    parallel = dict(t.TimeEntry.select(t.TimeEntry.source_key, t.TimeEntry.parallel)
                    .where(t.TimeEntry.source_key.is_null(False)).tuples())
    assert {k.split(":")[1] for k, v in parallel.items() if v} == {"p2", "p4", "p6", "p7"}
    # The invariant holds: current non-parallel entries never overlap.
    solid = [e for e in world.entries() if not parallel.get(e.source_key or "", False)]
    now = world.clock.now()
    for a, b in zip(solid, solid[1:], strict=False):
        assert (a.end or now) <= b.start, (a, b)


def test_bad_records_are_skipped_with_reasons(world, tmp_path):
    world.create_client({"name": "Other"})
    world.create_project({"name": "website", "client": "Other"})  # "website" is now ambiguous
    folder = write_frames(tmp_path / "w", [
        frame("2026-11-02T09:00:00+00:00", "2026-11-02T10:00:00+00:00", "fine", "b1"),
        frame("2026-11-02T09:00:00+00:00", "2026-11-02T08:00:00+00:00", "fine", "b2"),
        frame("2026-11-23T10:00:00+00:00", "2026-11-23T11:00:00+00:00", "fine", "b3"),
        frame("2026-11-02T11:00:00+00:00", None, "fine", "b4"),
        frame("2026-11-02T12:00:00+00:00", "2026-11-02T13:00:00+00:00", "fine", "b1"),
        frame("2026-11-02T12:00:00+00:00", "2026-11-02T13:00:00+00:00", "website", "b6"),
        frame("2026-11-02T14:00:00+00:00", "2026-11-02T15:00:00+00:00", "fine", "b7", ["x" * 60]),
        frame("2026-11-02T16:00:00+00:00", "2026-11-02T17:00:00+00:00", "fine", "b#8"),
        [1, 2],
    ])
    result = world.import_entries("watson", read_watson(folder))
    assert result.message == ("imported 1 entry (1 new project), skipped 8 (already imported: 0, "
                              "bad: 8)")
    reasons = {s.where.rsplit(" ", 1)[1]: s.reason for s in result.bad}
    assert reasons == {
        "2": "end: expected a time after the start (2026-11-02T09:00:00+00:00), got "
             "'2026-11-02T08:00:00+00:00'",
        "3": "end: expected a time that is not in the future, got '2026-11-23T11:00:00+00:00'",
        "4": "end: expected a finished entry (it is still running there)",
        "5": f"the same record as {folder / 'frames'} frame 1",
        "6": "project: expected one of Acme/website, Other/website (the name is ambiguous), "
             "got 'website'",
        "7": "tag: expected a tag of at most 50 characters, got '" + "x" * 56 + "...",
        "8": "id: expected an id of at most 180 characters, without '#', got 'watson:b#8'",
        "9": "frame: expected a list [start, stop, project, id, tags, updated_at], got [1, 2]",
    }
    assert [e.source_key for e in world.entries()] == ["watson:b1"]


def test_csv_import_keeps_the_export_uuid_and_reads_naive_times_in_the_zone(world, tmp_path):
    path = tmp_path / "hours.csv"
    path.write_text(CSV_TEXT)
    card_csv = tmp_path / "cards.csv"
    card_csv.write_text("project,start,end,card\nfine,2026-11-19T09:00:00Z,"
                        "2026-11-19T10:00:00Z,4242\n")
    result = world.import_entries("csv", read_csv(path))
    assert (result.imported, len(result.bad)) == (4, 6)
    assert result.new_projects == ("Acme/Admin", "Solo")  # Acme/website is known
    by_note = {(e.project, e.start.isoformat()): e for e in world.entries()}
    first = by_note[("Acme/website", "2026-11-20T13:00:00+00:00")]
    assert first.uuid == "0b7e1f52-5b1e-4a43-9d7f-1c1c9d6f0a01" and first.zone == "Europe/Berlin"
    assert (first.rate, first.currency) == (Decimal("100.00"), "EUR")  # the file's, not the
    # project's 120 here: the entry's rate as exported (review finding 8b)
    assert by_note[("Acme/Admin", "2026-11-20T14:00:00+00:00")].billable is False
    naive = by_note[("Solo", "2026-11-21T08:00:00+00:00")]  # 09:00 in Berlin
    assert naive.zone == "Europe/Berlin"
    assert by_note[("Solo", "2026-11-21T16:00:00+00:00")].zone == "America/New_York"
    reasons = [s.reason for s in result.bad]
    assert "end: expected a finished entry (it is still running there)" in reasons
    assert world.import_entries("csv", read_csv(path)).already_imported == 4
    # An export of this database, imported back, brings nothing twice (the uuid is known).
    entry = world.entries()[0]
    back = tmp_path / "back.csv"
    back.write_text(f"uuid,project,start,end\n{entry.uuid},Solo,2026-11-10T09:00:00Z,"
                    "2026-11-10T10:00:00Z\n")
    assert world.import_entries("csv", read_csv(back)).already_imported == 1
    cards = world.import_entries("csv", read_csv(card_csv))
    assert [s.reason for s in cards.bad] == ["card: no card with id 4242 here"]


def test_undo_voids_the_whole_import_and_a_reimport_then_works(world, tmp_path):
    frames = [frame(NOW - (200 - i) * H, NOW - (200 - i) * H + 1800, f"p{i % 3}", f"u{i}")
              for i in range(150)]
    folder = write_frames(tmp_path / "w", frames)
    result = world.import_entries("watson", read_watson(folder))
    assert result.imported == 150 and len(result.new_projects) == 3
    amended = world.entries()[10]
    world.amend_entry(amended.id, note="fixed later")
    assert world.undo().message.startswith(f"undid: amended entry {amended.id}")
    assert world.entries()[10].id != amended.id  # a newer version: undo finds it by the chain
    change = world.undo()
    assert change.message == "undid: import 150 entries from watson"
    assert world.entries() == []
    voids = t.TimeEntry.select().where(t.TimeEntry.void_reason == "undo").count()
    assert voids == 150
    assert {p.name for p in world.list_projects()} == {"website", "Admin"}  # new ones archived
    # Undone: a rerun imports it all again (under fresh keys), and a second rerun nothing.
    again = world.import_entries("watson", read_watson(folder))
    assert (again.imported, again.already_imported) == (150, 0)
    assert sorted({e.source_key.split("#")[1] for e in world.entries() if e.source_key}) == ["2"]
    assert world.import_entries("watson", read_watson(folder)).already_imported == 150
    assert world.undo().message == "undid: import 150 entries from watson"
    assert world.import_entries("watson", read_watson(folder)).imported == 150


def test_an_interrupted_import_is_finished_by_the_rerun_and_undone_as_one(world, tmp_path):
    from fcc.store import imports

    frames = [frame(NOW - (300 - i) * H, NOW - (300 - i) * H + 600, "bulk", f"k{i}")
              for i in range(250)]
    folder = write_frames(tmp_path / "w", frames)
    items = read_watson(folder)

    calls = []

    def crash(done: int, total: int) -> None:
        calls.append(done)
        if done >= 100:
            raise KeyboardInterrupt  # as if killed between two chunks

    old = imports.CHUNK
    imports.CHUNK = 100
    try:
        with pytest.raises(KeyboardInterrupt):
            world.import_entries("watson", items, crash)
        assert len(world.entries()) == 100  # whole chunks, nothing half-written
        assert world.activity(1)[0].action == "import"
        result = world.import_entries("watson", items)
    finally:
        imports.CHUNK = old
    assert (result.imported, result.already_imported) == (150, 100)
    assert world.undo().message == "undid: import 250 entries from watson"
    assert world.entries() == []


# --- Watson's own report is the referee ------------------------------------------------------


def watson_exe() -> str:
    exe = shutil.which("watson") or str(Path(sys.executable).with_name("watson"))
    if not Path(exe).exists():
        pytest.fail("the watson command is missing: pip install -e '.[test]' installs td-watson")
    return exe


def generated_frames(seed: int = 7) -> list[list[object]]:
    """A few hundred frames over seven weeks before the frozen now (across the end of summer
    time), several projects, some across midnight, a few overlapping another."""
    rng = random.Random(seed)
    projects = ["website", "admin", "research", "client-x", "ops", "writing"]
    frames: list[list[object]] = []
    cursor = NOW - 49 * 24 * H
    while cursor < NOW - 2 * H and len(frames) < 400:
        start = cursor + rng.randrange(5 * 60, 5 * H)
        length = rng.randrange(10 * 60, 4 * H)
        if rng.random() < 0.08:
            length += rng.randrange(4 * H, 9 * H)  # a long one, often across midnight
        end = min(start + length, NOW - H)
        if end <= start:
            break
        tags = rng.sample(["dev", "call", "mail", "review"], rng.randrange(0, 3))
        frames.append(frame(start, end, rng.choice(projects),
                            uuid.UUID(int=rng.getrandbits(128)).hex, tags))
        if rng.random() < 0.05:  # a parallel frame inside this one
            frames.append(frame(start + 60, min(end, start + 1800), rng.choice(projects),
                                uuid.UUID(int=rng.getrandbits(128)).hex))
        cursor = end
    return frames


def test_watson_import_adds_up_to_what_watson_reports(store, tmp_path):
    """Seconds per project over a range, fcc against `watson report`, on the same frames.

    Watson's report range is [FROM 00:00, TO 23:59:59.999999] in local time, and it clips
    frames that cross it (the CLI always asks for partial frames) — so a frame running past
    the end loses one microsecond there: rounding to whole seconds makes the two agree. fcc's
    range is [FROM 00:00, TO + 1 day 00:00) in the same zone. Both count overlapping frames in
    full, so the parallel entries the import makes add up the same.
    """
    store.set_setting("zone", "Europe/Berlin")
    tz = store.prefs.tz

    def day(epoch: object) -> str:
        return dt.datetime.fromtimestamp(int(str(epoch)), UTC).astimezone(tz).date().isoformat()

    frames = generated_frames()
    crossing = [f for f in frames if day(f[0]) != day(f[1])]
    assert len(frames) > 200 and len(crossing) >= 3
    folder = write_frames(tmp_path / "watson", frames)
    result = store.import_entries("watson", read_watson(folder))
    assert result.imported == len(frames) and not result.bad and result.parallel
    env = {**os.environ, "WATSON_DIR": str(folder), "TZ": "Europe/Berlin"}
    ranges = [("2026-10-06", "2026-11-22"), ("2026-10-20", "2026-10-31"),
              ("2026-11-01", "2026-11-01"), ("2026-10-25", "2026-11-08"),
              # from the middle of one frame across midnight to the middle of another
              (day(crossing[0][1]), day(crossing[-1][0])),
              (day(crossing[1][1]), day(crossing[1][1]))]
    clipped = 0  # frames across a range's edge: both must clip them the same way
    for first, last in ranges:
        out = subprocess.run([watson_exe(), "report", "--json", "--no-pager", "--from", first,
                              "--to", last], env=env, capture_output=True, text=True, check=True)
        theirs = {p["name"]: round(p["time"]) for p in json.loads(out.stdout)["projects"]
                  if round(p["time"])}
        start = dt.datetime.combine(dt.date.fromisoformat(first), dt.time(), tz)
        end = dt.datetime.combine(dt.date.fromisoformat(last) + dt.timedelta(days=1), dt.time(),
                                  tz)
        ours: dict[str, int] = {}
        for line in store.report(start, end, by=("project",)).lines:
            assert line.project is not None
            ours[line.project] = ours.get(line.project, 0) + line.seconds
        assert ours == theirs, (first, last)
        assert sum(ours.values()) > 0
        edges = (start.timestamp(), end.timestamp())
        clipped += sum(int(str(f[0])) < edge < int(str(f[1])) for f in frames for edge in edges)
    assert clipped >= 4
