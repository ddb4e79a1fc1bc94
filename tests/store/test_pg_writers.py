"""PostgreSQL writers: the advisory lock writers take turns on is the workspace's own, and the
search path is set by the connection's options (issue 11, part 5: where the time goes)."""

from __future__ import annotations

import subprocess
import time
import uuid

import pytest

from fcc.store.api import Store
from fcc.store.target import resolve_target
from tests.conftest import drop_schema, pg_url
from tests.test_cli_import import environ, exe


@pytest.fixture
def other_workspace():
    target = resolve_target(pg_url(), f"t{uuid.uuid4().hex[:12]}", environ={})
    yield target
    drop_schema(target)


def test_a_writer_in_one_workspace_never_waits_for_another(pg_target, other_workspace, clock,
                                                          tmp_path):
    with Store.open(pg_target, clock) as busy:
        with busy.change("hold"):  # holds its workspace's writer lock until the block ends
            t0 = time.monotonic()
            out = subprocess.run(
                [exe(), "--db", str(other_workspace.url), "-w", other_workspace.workspace,
                 "project", "add", "Website"], capture_output=True, text=True, timeout=60,
                env=environ(tmp_path), stdin=subprocess.DEVNULL)
            waited = time.monotonic() - t0
    assert out.returncode == 0, out.stderr
    assert waited < 30


def test_writers_of_one_workspace_take_turns(pg_target, clock, tmp_path):
    with Store.open(pg_target, clock) as busy:
        busy.ensure_project("Website")
    with Store.open(pg_target, clock) as busy:
        with busy.change("hold"):
            proc = subprocess.Popen(
                [exe(), "--db", str(pg_target.url), "-w", pg_target.workspace,
                 "project", "add", "Blog"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, env=environ(tmp_path), stdin=subprocess.DEVNULL)
            with pytest.raises(subprocess.TimeoutExpired):
                proc.wait(5)  # waits for the lock held here
        assert proc.wait(60) == 0, proc.communicate()


def test_the_search_path_comes_with_the_connection(pg_target, clock):
    with Store.open(pg_target, clock) as s:
        assert s.db.execute_sql("SHOW search_path").fetchone() == (pg_target.schema,)
        options = s.db.connect_params["options"]
        assert options == f"-c search_path={pg_target.schema}"
