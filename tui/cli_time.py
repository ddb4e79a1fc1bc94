"""fcc commands: cli_time."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
