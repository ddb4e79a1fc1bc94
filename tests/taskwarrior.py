"""Taskwarrior itself, for the import tests: `task` with its own TASKRC and TASKDATA in a
temporary folder, so the tests import what the real program exports (Debian's `taskwarrior`
package; .ci/run installs it). Without it the tests skip, except on CI, where they fail."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def task_program() -> str:
    found = shutil.which("task")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Taskwarrior's `task` is not installed (.ci/run installs taskwarrior)")
        pytest.skip("needs Taskwarrior's `task` (apt-get install taskwarrior)")
    return found


class Taskwarrior:
    """One Taskwarrior home: ``tw("add", "Fix login", "project:Acme.Website")``."""

    def __init__(self, home: Path, zone: str = "Europe/Berlin") -> None:
        self.program = task_program()
        home.mkdir(parents=True, exist_ok=True)
        self.rc = home / "taskrc"
        self.data = home / "task"
        self.rc.write_text("uda.estimate.type=duration\nuda.estimate.label=Estimate\n")
        self.env = {**os.environ, "TASKRC": str(self.rc), "TASKDATA": str(self.data),
                    "TZ": zone}

    def __call__(self, *args: str) -> str:
        out = subprocess.run(
            [self.program, "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", *args],
            capture_output=True, text=True, env=self.env, stdin=subprocess.DEVNULL, timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def add(self, *args: str) -> str:
        """Add a task; its uuid (ids change when tasks are done, uuids never)."""
        self("add", *args)
        return self("+LATEST", "uuids").strip()

    def export(self) -> str:
        return self("export")
