"""The layering holds: the store never imports Textual, the TUI never touches peewee."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / folder).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_store_and_migrations_never_import_textual():
    for folder in ("store", "migrations"):
        for path, names in imported_modules(folder).items():
            bad = {n for n in names if n.split(".")[0] in {"textual", "rich"} or
                   n.startswith("fcc.tui")}
            assert not bad, f"{path} imports {bad}"


def test_tui_never_touches_peewee_or_the_tables():
    forbidden = ("peewee", "playhouse", "fcc.store.tables", "fcc.store.db", "fcc.store.migrator",
                 "fcc.migrations", "sqlite3", "psycopg")
    for path, names in imported_modules("tui").items():
        bad = {n for n in names if n.startswith(forbidden)}
        assert not bad, f"{path} imports {bad}"


def _modules_after(code: str) -> set[str]:
    code += "\nimport sys\nprint(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code],
                         capture_output=True, text=True, check=True, cwd="/")
    return set(out.stdout.split())


def test_importing_the_store_loads_no_textual():
    mods = _modules_after("import fcc.store.api, fcc.store.demo, fcc.store.migrator")
    assert "peewee" in mods
    assert not {m for m in mods if m.split(".")[0] == "textual"}


def test_importing_the_app_loads_no_peewee():
    mods = _modules_after("import fcc.tui.app")
    assert "textual" in mods
    assert "peewee" not in mods


def test_the_command_line_loads_textual_only_for_the_tui():
    mods = _modules_after("import fcc.tui.cli")
    assert not {m for m in mods if m.split(".")[0] in {"textual", "peewee"}}


HEAVY = ("peewee", "playhouse", "click", "pydantic", "rich", "textual")


def test_the_sql_core_imports_none_of_peewee_click_pydantic_rich_textual():
    """store/sql/ is standard library only (plus fcc.store's own stdlib-only helpers): the
    quick paths run it without the heavy packages, and the store's verbs run it on their
    cursor. Directly (AST) and transitively (a fresh interpreter)."""
    sql = imported_modules("store/sql")
    assert len(sql) >= 6
    for path, names in sql.items():
        bad = {n for n in names if n.split(".")[0] in HEAVY
               or n in {"fcc.store.tables", "fcc.store.db", "fcc.store.base"}}
        assert not bad, f"{path} imports {bad}"
    modules = [f"fcc.store.sql.{Path(p).stem}" for p in sql if not p.endswith("__init__.py")]
    loaded = _modules_after("import " + ", ".join(modules))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
