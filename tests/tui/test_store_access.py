"""Who calls the store in the app (issue 12): the screens and dialogs, only through the
store's work (fcc.tui.storework: each call a function of the store, run on its thread); the
widgets never. Read from the source, so a new ``self.store.x()`` on the UI loop fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import fcc.tui

TUI = Path(fcc.tui.__file__).resolve().parent
APP_FILES = [TUI / "app.py", TUI / "views.py", TUI / "text.py",
             *sorted((TUI / "screens").glob("*.py")), *sorted((TUI / "widgets").glob("*.py"))]


def test_the_app_holds_no_store_outside_its_store_work():
    """No ``x.store`` attribute, no ``store`` kept on an object: a store reaches UI code only
    as the argument of a function the store's thread runs."""
    found = []
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("store", "_store"):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_widgets_never_reach_the_store():
    for path in sorted((TUI / "widgets").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module not in ("fcc.tui.storework", "fcc.store.api"), path.name
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("storework", "work", "store"), f"{path.name}"
            if isinstance(node, ast.Name):
                assert node.id != "store_work", path.name


def test_the_store_work_is_the_only_thread_the_app_starts():
    """Textual's thread workers would give each call its own thread (and connection)."""
    for path in APP_FILES:
        text = path.read_text(encoding="utf-8")
        assert "thread=True" not in text and "threading" not in text, path.name
