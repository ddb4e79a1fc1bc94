"""Run one `fcc` command as the executable does, and append where its time went to a file.

    FCC_TRACE=out.jsonl FCC_TRACE_SPAWN=<time.time() at spawn> \
        python -m tests.benchmarks.trace_fcc [fcc arguments]

Used by bench_concurrency. Nothing is imported up front that the command would not import
itself: the modules are wrapped when the command imports them (peewee: every statement, and
the advisory lock statements apart; sqlite3: statements counted by a trace callback on the
quick path's plain connections; the writer lock: the time spent waiting for it).
"""

from __future__ import annotations

import atexit
import importlib.abc
import importlib.machinery
import json
import os
import sys
import time

T_MAIN = time.time()
STATS: dict[str, float] = {"statements": 0, "sql_s": 0.0, "lock_s": 0.0, "connect_s": 0.0,
                           "connects": 0, "flock_s": 0.0}
FIRST: dict[str, float] = {}


def _patch_peewee(module: object) -> None:
    db_class = module.Database  # type: ignore[attr-defined]
    execute = db_class.execute_sql
    connect = db_class.connect

    def execute_sql(self, sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        FIRST.setdefault("first_sql", time.time())
        t0 = time.perf_counter()
        try:
            return execute(self, sql, params, *args, **kwargs)
        finally:
            spent = time.perf_counter() - t0
            STATS["statements"] += 1
            if "advisory" in sql:
                STATS["lock_s"] += spent
            else:
                STATS["sql_s"] += spent

    def timed_connect(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        FIRST.setdefault("connect", time.time())
        t0 = time.perf_counter()
        try:
            return connect(self, *args, **kwargs)
        finally:
            STATS["connect_s"] += time.perf_counter() - t0
            STATS["connects"] += 1

    db_class.execute_sql = execute_sql
    db_class.connect = timed_connect


def _patch_sqlite3(module: object) -> None:
    connect = module.connect  # type: ignore[attr-defined]

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        FIRST.setdefault("connect", time.time())
        t0 = time.perf_counter()
        conn = connect(*args, **kwargs)
        STATS["connect_s"] += time.perf_counter() - t0
        STATS["connects"] += 1
        if "peewee" not in sys.modules:  # peewee's own statements are counted above

            def count(_sql: str) -> None:
                STATS["statements"] += 1

            conn.set_trace_callback(count)
        return conn

    module.connect = traced  # type: ignore[attr-defined]


def _patch_writelock(module: object) -> None:
    lock_class = module.WriterLock  # type: ignore[attr-defined]
    enter = lock_class.__enter__

    def timed_enter(self):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return enter(self)
        finally:
            STATS["flock_s"] += time.perf_counter() - t0

    lock_class.__enter__ = timed_enter


PATCHES = {"peewee": _patch_peewee, "sqlite3": _patch_sqlite3,
           "fcc.store.writelock": _patch_writelock}


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name not in PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module):  # type: ignore[no-untyped-def]
            exec_module(module)
            PATCHES[name](module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


def _report(code: object) -> None:
    out = os.environ.get("FCC_TRACE")
    if not out:
        return
    end = time.time()
    spawn = float(os.environ.get("FCC_TRACE_SPAWN", T_MAIN))
    line = {"argv": sys.argv[1:], "code": code, "total_s": end - spawn,
            "interpreter_s": T_MAIN - spawn,
            "imports_s": FIRST.get("connect", end) - T_MAIN, **STATS}
    fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(line) + "\n").encode())
    finally:
        os.close(fd)


def main() -> None:
    sys.meta_path.insert(0, _Finder())
    for name in PATCHES:
        if name in sys.modules:  # imported by the interpreter itself: patch in place
            PATCHES[name](sys.modules[name])
    code: object = 0
    sys.argv = ["fcc", *sys.argv[1:]]
    atexit.register(lambda: _report(code))
    from fcc.tui.entry import main as fcc_main

    try:
        fcc_main()
    except SystemExit as exc:
        code = exc.code if exc.code is not None else 0
        raise


if __name__ == "__main__":
    main()
