"""fcc's numbered schema migrations.

Each module ``mNNNN_name.py`` defines ``VERSION``, ``NAME``, ``up(db)`` and ``down(db)`` and
freezes its own copy of the tables it touches. The runner is ``fcc.store.migrator``.
Versions are read from the file names, so checking for pending work imports nothing.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

_PATTERN = re.compile(r"^m(\d{4})_(\w+)\.py$")


@dataclass(frozen=True)
class MigrationRef:
    version: int
    name: str
    module_name: str

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}"

    def load(self) -> ModuleType:
        module = importlib.import_module(self.module_name)
        if getattr(module, "VERSION", None) != self.version:
            raise RuntimeError(f"{self.module_name}: VERSION does not match its file name")
        return module


def discover() -> list[MigrationRef]:
    refs = []
    for path in Path(__file__).parent.iterdir():
        match = _PATTERN.match(path.name)
        if match:
            refs.append(MigrationRef(int(match.group(1)), match.group(2),
                                     f"{__name__}.{path.stem}"))
    refs.sort(key=lambda r: r.version)
    expected = list(range(1, len(refs) + 1))
    if [r.version for r in refs] != expected:
        raise RuntimeError(f"migrations are not numbered 1..{len(refs)}: {[r.label for r in refs]}")
    return refs
