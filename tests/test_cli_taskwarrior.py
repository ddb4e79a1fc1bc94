"""`fcc import taskwarrior` through the real executable, fed by the real `task` program: from
a file, from standard input, and by running `task export` itself; reruns, dry runs, undo,
and files that are no export (one line, exit 2, nothing written)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.taskwarrior import Taskwarrior
from tests.test_cli_import import environ, exe


def fcc(*args: str, home: Path, tw: Taskwarrior | None = None, stdin: str | None = None,
        code: int = 0, path: str | None = None) -> subprocess.CompletedProcess[str]:
    extra = {} if tw is None else {"TASKRC": str(tw.rc), "TASKDATA": str(tw.data)}
    if path is not None:
        extra["PATH"] = path
    out = subprocess.run([exe(), *args], capture_output=True, text=True,
                         env=environ(home, extra), timeout=120,
                         input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    assert out.returncode == code, (out.stdout, out.stderr)
    return out


def titles(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT w.title, c.name FROM work_item w JOIN board_column c "
                            "ON c.id = w.column_id ORDER BY w.title").fetchall()


def test_import_by_running_task_export_rerun_and_undo(tmp_path):
    tw = Taskwarrior(tmp_path / "tw")
    fix = tw.add("Fix login", "project:Acme.Website", "+bug", "priority:H", "due:2026-12-10")
    tw.add("Write docs", "project:Acme.Website", f"depends:{fix}")
    tw(fix, "annotate", "seen on staging")
    tw(fix, "done")
    gone = tw.add("Gone")
    tw(gone, "delete")
    db = tmp_path / "t.db"
    dry = fcc("--db", str(db), "import", "taskwarrior", "--dry-run", home=tmp_path, tw=tw)
    assert dry.stdout.splitlines() == [
        "would import 2 new cards to board Inbox, would update 0, 0 unchanged (1 comment, "
        "1 dependency, 1 new project); skipped 1 deleted and 0 bad"]
    assert titles(db) == []
    out = fcc("--db", str(db), "import", "taskwarrior", "-v", home=tmp_path, tw=tw)
    assert out.stdout.splitlines() == [
        "imported 2 new cards to board Inbox, updated 0, 0 unchanged (1 comment, "
        "1 dependency, 1 new project); skipped 1 deleted and 0 bad",
        "new projects: Acme/Website"]
    assert titles(db) == [("Fix login", "Done"), ("Write docs", "Backlog")]
    again = fcc("--db", str(db), "import", "taskwarrior", home=tmp_path, tw=tw)
    assert again.stdout.startswith("imported 0 new cards to board Inbox, updated 0, 2 unchanged")
    undo = fcc("--db", str(db), "undo", home=tmp_path)
    assert "import 2 cards from Taskwarrior to board Inbox" in undo.stdout
    assert titles(db) == []


def test_import_from_a_file_and_from_standard_input(tmp_path):
    tw = Taskwarrior(tmp_path / "tw")
    tw.add("One", "+a")
    tw.add("Two", "project:Home")
    export = tmp_path / "export.json"
    export.write_text(tw.export())
    db = tmp_path / "t.db"
    out = fcc("--db", str(db), "import", "taskwarrior", str(export), "--board", "Personal",
              "--column", "To do", home=tmp_path)
    assert out.stdout.startswith("imported 2 new cards to board Personal,")
    assert titles(db) == [("One", "To do"), ("Two", "To do")]
    tw.add("Three")
    piped = fcc("--db", str(db), "import", "taskwarrior", "-", "--board", "personal",
                home=tmp_path, stdin=tw.export())
    assert piped.stdout.startswith("imported 1 new card to board Personal, updated 0, "
                                   "2 unchanged")
    assert titles(db)[-1] == ("Two", "To do") and ("Three", "Backlog") in titles(db)


def test_what_is_no_export_is_one_line_exit_2_and_nothing_written(tmp_path):
    db = tmp_path / "t.db"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"uuid": "x", ')
    out = fcc("--db", str(db), "import", "taskwarrior", str(bad), home=tmp_path, code=2)
    assert out.stdout == ""
    assert out.stderr == (f"fcc: error: taskwarrior: {bad} is not a `task export` (not JSON: "
                          "Expecting property name enclosed in double quotes at line 1 column "
                          "15); nothing was imported\n")
    assert not db.exists()  # refused before the database was opened
    piped = fcc("--db", str(db), "import", "taskwarrior", "-", home=tmp_path, stdin="{}\n",
                code=2)
    assert piped.stderr == ("fcc: error: taskwarrior: standard input is not a `task export` "
                            "(expected a JSON list of tasks, got a JSON dict); nothing was "
                            "imported\n")
    # Not a regular file, and no `task` to run
    folder = fcc("--db", str(db), "import", "taskwarrior", str(tmp_path), home=tmp_path, code=2)
    assert "(expected a regular file, got a folder)" in folder.stderr
    nothing = fcc("--db", str(db), "import", "taskwarrior", home=tmp_path, code=2,
                  path=str(tmp_path / "empty-path"))
    assert nothing.stderr == ("fcc: error: taskwarrior: no `task` program here to run "
                              "`task export`; give the FILE it wrote (or - to read it from "
                              "standard input)\n")
    assert not db.exists()


def test_skipped_tasks_are_listed_with_verbose(tmp_path):
    db = tmp_path / "t.db"
    export = tmp_path / "export.json"
    export.write_text(json.dumps([
        {"uuid": "11111111-1111-4111-8111-111111111111", "description": "Fine",
         "status": "pending"},
        {"uuid": "22222222-2222-4222-8222-222222222222", "description": "Bad due",
         "status": "pending", "due": "soon"}]))
    out = fcc("--db", str(db), "import", "taskwarrior", str(export), home=tmp_path)
    assert out.stdout.splitlines() == [
        "imported 1 new card to board Inbox, updated 0, 0 unchanged (0 comments, "
        "0 dependencies); skipped 0 deleted and 1 bad",
        "(--verbose lists what was skipped and why)"]
    verbose = fcc("--db", str(db), "import", "taskwarrior", str(export), "-v", home=tmp_path)
    assert verbose.stdout.splitlines()[1:] == [
        f"skipped: {export} task 2: due: expected a time like 20261210T000000Z, got 'soon'"]


def test_a_progress_bar_on_a_terminal_and_none_in_a_pipe(tmp_path):
    from tests.ptyrun import environ as pty_environ
    from tests.ptyrun import run_in_pty

    export = tmp_path / "export.json"
    export.write_text(json.dumps([
        {"uuid": f"{i:08x}-1111-4111-8111-111111111111", "description": f"Task {i}",
         "status": "pending", "entry": "20261120T080000Z"} for i in range(3000)]))
    code, out = run_in_pty(["--db", str(tmp_path / "t.db"), "import", "taskwarrior",
                            str(export)], pty_environ(tmp_path))
    text = out.decode("utf-8", "replace")
    assert code == 0, text
    assert "taskwarrior: importing" in text and "3000/3000" in text  # the bar, then gone
    assert "imported 3000 new cards to board Inbox" in text
    piped = fcc("--db", str(tmp_path / "u.db"), "import", "taskwarrior", str(export),
                home=tmp_path)
    assert "importing" not in piped.stderr and "━" not in piped.stderr
