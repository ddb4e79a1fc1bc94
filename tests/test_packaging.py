"""The package as users get it: `fcc/store`, `fcc/tui` and `fcc/migrations` are symlinks to the
top-level folders in the source tree; the wheel and the sdist built from it hold real files, all
of them, and the wheel installed on its own runs `fcc`.

Built with setuptools' PEP 517 hooks (what `pip wheel` and `python -m build` call) on a clean
copy of the tree in tmp_path, so a stale `fcc.egg-info` of an old editable install cannot leak
files in, and the build writes nothing into the working tree. About two seconds."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent
LINKED = ("store", "tui", "migrations")
# Never part of a build: the environment, caches, earlier builds, the tests and their data.
SKIP = {".venv", ".git", "build", "dist", "tests", "screenshots", "__pycache__", ".mypy_cache",
        ".ruff_cache", ".pytest_cache", ".hypothesis"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP or n.endswith(".egg-info")}


def _source_files() -> set[str]:
    """Every file the package must ship, named as inside the package: fcc/store/api.py, ..."""
    found = {"fcc/__init__.py"}
    for top in LINKED:
        for path in (ROOT / top).rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            if path.suffix in (".py", ".tcss"):
                found.add("fcc/" + path.relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    src = tmp_path_factory.mktemp("src") / "fcc"
    out = tmp_path_factory.mktemp("dist")
    shutil.copytree(ROOT, src, symlinks=True, ignore=_ignore)
    for top in LINKED:
        link = src / "fcc" / top
        assert link.is_symlink() and os.readlink(link) == f"../{top}", link
    hooks = (
        "import sys; from setuptools import build_meta as b; out = sys.argv[1]; "
        "sdist = b.build_sdist(out); wheel = b.build_wheel(out); print('BUILT', sdist, wheel)"
    )
    done = subprocess.run([sys.executable, "-W", "always", "-c", hooks, str(out)], cwd=src,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    _, sdist, wheel = done.stdout.strip().splitlines()[-1].split()
    return out / sdist, out / wheel, done.stdout + done.stderr


def test_the_build_warns_of_nothing_deprecated(built) -> None:
    log = built[2]
    assert "Deprecat" not in log and "deprecat" not in log, log[-3000:]


def test_the_wheel_holds_every_module_as_a_real_file(built) -> None:
    _, wheel, _ = built
    with zipfile.ZipFile(wheel) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        metadata = zf.read(next(n for n in infos if n.endswith(".dist-info/METADATA")))
    expected = _source_files()
    missing = expected - set(infos)
    assert not missing, sorted(missing)
    for must in ("fcc/store/api.py", "fcc/store/sql/dialect.py", "fcc/tui/screens/main.py",
                 "fcc/tui/styles/app.tcss", "fcc/tui/styles/dialogs.tcss",
                 "fcc/migrations/m0001_initial.py"):
        info = infos[must]
        assert not stat.S_ISLNK(info.external_attr >> 16), must
        assert info.file_size > 0, must
    # Only the package: no top-level store/ or tui/ beside fcc/.
    tops = {n.split("/")[0] for n in infos}
    assert tops == {"fcc", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1]
                    + ".dist-info"}, tops
    assert b"License-Expression: MIT" in metadata
    assert b"License-File: LICENSE" in metadata


def test_the_sdist_holds_real_files_once(built) -> None:
    sdist, _, _ = built
    with tarfile.open(sdist) as tf:
        members = tf.getmembers()
    prefix = sdist.name.removesuffix(".tar.gz") + "/"
    links = [m.name for m in members if m.issym() or m.islnk()]
    assert not links, links
    files = {m.name.removeprefix(prefix) for m in members if m.isfile()}
    missing = _source_files() - files
    assert not missing, sorted(missing)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        assert name in files, name
    # The top-level folders are not packed a second time beside fcc/.
    assert not [f for f in files if f.split("/")[0] in LINKED]


def test_the_installed_wheel_runs_on_its_own(built, tmp_path) -> None:
    """The wheel's files, unpacked where Python finds them before the editable install: `fcc
    --help`, `fcc status` on an empty database and the app's import all come from there."""
    _, wheel, _ = built
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    env.update(PYTHONPATH=str(site), FCC_DB=str(tmp_path / "fcc.db"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), FCC_CONFIG=str(tmp_path / "none.toml"))

    def fcc(*args: str) -> subprocess.CompletedProcess[str]:
        run = "import sys; from fcc.tui.entry import main; sys.argv[0] = 'fcc'; sys.exit(main())"
        return subprocess.run([sys.executable, "-c", run, *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    helped = fcc("--help")
    assert helped.returncode == 0, helped.stderr
    assert "Usage: fcc" in helped.stdout and "report" in helped.stdout
    status = fcc("status")
    assert (status.returncode, status.stdout, status.stderr) == (1, "", "")
    where = subprocess.run(
        [sys.executable, "-c", "import fcc.tui.app, fcc.store.api; "
         "print(fcc.tui.app.__file__); print(fcc.store.api.__file__)"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert Path(line).is_relative_to(site), line
