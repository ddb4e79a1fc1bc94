"""fcc commands: cli_reports."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
