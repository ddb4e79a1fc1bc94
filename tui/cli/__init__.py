"""The ``fcc`` command line: ``main`` is the root group (``fcc.tui.cli.main``); each noun's
commands live in a module of their own and load only when their command runs."""

from fcc.tui.cli.main import main

__all__ = ["main"]
