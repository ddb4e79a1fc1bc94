"""Names outside ASCII through the real ``fcc``, on SQLite (quick ``fcc start`` included) and
PostgreSQL: every command finds a name written in another case or form, and refuses a second
one that is the same name (issue 10: ``fcc switch Übersetzung`` said "no project named
'Übersetzung'; did you mean Übersetzung?" on SQLite)."""

from __future__ import annotations

import json

from tests.conftest import midday_zone
from tests.test_cli import fcc as run


def test_every_command_matches_names_alike(target, tmp_path):
    where = (["--db", str(target.path)] if target.path is not None
             else ["--db", target.url, "--workspace", target.workspace])

    zone = midday_zone()  # "--today" holds at any hour of the real clock

    def fcc(*args: str, code: int = 0) -> str:
        out = run(*where, *args, home=tmp_path, check=False, env={"FCC_ZONE": zone})
        assert out.returncode == code, out.stderr
        if code:
            assert out.stderr.startswith("fcc: error: ") and out.stderr.count("\n") == 1
            return out.stderr
        return out.stdout

    fcc("config", "min_entry_seconds", "0")  # the last start stops a timer within a second
    fcc("client", "add", "Ägypten GmbH")
    fcc("project", "add", "Übersetzung", "--client", "ÄGYPTEN GMBH")
    for name in ("Straße", "İstanbul", "ılık", "ΣΟΦΊΑ", "東京"):
        fcc("project", "add", name)
    assert fcc("switch", "Übersetzung", "--at", "-3h").startswith(
        "started Ägypten GmbH/Übersetzung at ")
    assert "stopped Ägypten GmbH/Übersetzung" in fcc("start", "strasse", "--at", "-2h")
    assert "stopped Straße" in fcc("start", "ISTANBUL", "--at", "-1h")
    assert "stopped İstanbul" in fcc("start", "σοφία")  # the quick path on SQLite
    assert "stopped ΣΟΦΊΑ" in fcc("start", "ägypten gmbh/übersetzung")  # quick too
    assert "stopped Ägypten GmbH/Übersetzung" in fcc("start", "東京")
    assert fcc("stop").startswith("stopped 東京 after ")
    rows = json.loads(fcc("log", "--client", "ägypten gmbh", "--format", "json"))
    assert [r["project"] for r in rows] == ["Ägypten GmbH/Übersetzung"] * 2
    report = json.loads(fcc("report", "--today", "--project", "ÜBERSETZUNG", "--format",
                            "json"))
    assert [line["project"] for line in report["lines"]] == ["Übersetzung"]
    assert fcc("client", "add", "ägypten gmbh", code=2) == (
        "fcc: error: name: expected a client name not used yet (Ägypten GmbH exists), "
        "got 'ägypten gmbh'\n")
    assert "(Straße exists), got 'STRASSE'" in fcc("project", "add", "STRASSE", code=2)
    assert "did you mean ılık?" in fcc("start", "ILIK", code=2)  # ı is not i
    assert fcc("project", "rename", "istanbul", "İSTANBUL").startswith("renamed project")

    csv_file = tmp_path / "hours.csv"
    csv_file.write_text("client,project,start,end\n"
                        "ÄGYPTEN GMBH,übersetzung,2026-11-20T13:00:00Z,2026-11-20T14:00:00Z\n"
                        ",STRASSE,2026-11-20T15:00:00Z,2026-11-20T16:00:00Z\n",
                        encoding="utf-8")
    assert fcc("import", "csv", str(csv_file)).startswith("imported 2 entries (0 new projects)")
    projects = json.loads(fcc("project", "list", "--format", "json"))
    assert sorted(p["name"] for p in projects) == sorted(
        ["Übersetzung", "Straße", "İSTANBUL", "ılık", "ΣΟΦΊΑ", "東京"])
