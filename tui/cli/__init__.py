"""The ``fcc`` command line: ``main`` is the root group (``fcc.tui.cli.root``); each noun's
commands live in a module of their own and load only when their command runs.

``main`` is loaded on first use, so the quick paths can use ``fcc.tui.cli.flags`` without
importing click."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fcc.tui.cli.root import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from fcc.tui.cli.root import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
