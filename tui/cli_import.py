"""fcc commands: cli_import."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
