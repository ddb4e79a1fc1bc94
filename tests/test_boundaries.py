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


# The command line calls store verbs; the transaction (``change``, ``atomic``), the database
# handle (``db``) and the store's private helpers stay inside the store.
STORE_INSIDES = {"atomic", "change", "db"}
NOT_A_STORE = {"self", "opts"}  # Options.db is the --db option, not a database


def store_insides_used(source: str, filename: str = "<source>") -> list[str]:
    """``x.atomic(...)``, ``x.change(...)``, ``x.db`` and ``x._private`` in ``source``, where
    ``x`` is anything but ``self``/``opts`` (a module of the command line names no store so)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        if owner in NOT_A_STORE:
            continue
        private = node.attr.startswith("_") and not node.attr.startswith("__")
        if node.attr in STORE_INSIDES or private:
            found.append(f"{filename}:{node.lineno}: .{node.attr}")
    return found


def test_the_command_line_calls_store_verbs_only():
    modules = sorted((ROOT / "tui" / "cli").glob("*.py"))
    assert len(modules) >= 8  # the package exists: one module per noun
    for path in modules:
        assert not store_insides_used(path.read_text(), str(path.relative_to(ROOT)))
    for path, names in imported_modules("tui/cli").items():
        bad = {n for n in names if n.startswith(("peewee", "playhouse", "fcc.store.tables",
                                                 "fcc.store.base", "fcc.store.db"))}
        assert not bad, f"{path} imports {bad}"


def test_the_store_insides_check_finds_them():
    """The check above is not vacuous: each way in is found, the verbs and --db are not."""
    found = store_insides_used(
        "with store.change('x'):\n    store.db.execute_sql('UPDATE t SET a = 1')\n"
        "with looking.atomic():\n    pass\n"
        "looking._schema_is_current()\n"
        "store.set_client('Acme'); opts.db; store.change_counter()\n")
    assert sorted(found) == ["<source>:1: .change", "<source>:2: .db", "<source>:3: .atomic",
                             "<source>:5: ._schema_is_current"]


def test_the_flag_table_loads_no_click():
    """The quick paths report store errors with the command line's flags (fcc.tui.cli.flags)
    and must not pay for click; `from fcc.tui.cli import main` still gives the root group."""
    mods = _modules_after("import fcc.tui.cli.flags")
    assert "fcc.tui.cli.flags" in mods
    assert not {m for m in mods if m.split(".")[0] in {"click", "peewee", "rich", "textual"}}
    assert "fcc.tui.cli.root" not in mods
    out = subprocess.run([sys.executable, "-c", "from fcc.tui.cli import main; print(main.name)"],
                         capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout == "main\n"
