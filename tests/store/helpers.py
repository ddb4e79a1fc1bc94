"""Raw access for tests: the database as any other program would see it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fcc.migrations import MigrationRef, discover
from fcc.store.target import Target


@contextmanager
def raw(target: Target) -> Iterator[Any]:
    """A DB-API connection in autocommit mode, outside peewee and the store."""
    if target.backend == "sqlite":
        conn = sqlite3.connect(target.path, isolation_level=None, timeout=10)
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            yield conn
        finally:
            conn.close()
    else:
        import psycopg

        assert target.url is not None
        conn = psycopg.connect(target.url, autocommit=True)
        conn.execute(f'SET search_path TO "{target.schema}"')
        try:
            yield conn
        finally:
            conn.close()


def q(target: Target, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one statement; '?' placeholders work on both backends."""
    with raw(target) as conn:
        if target.backend == "postgres":
            sql = sql.replace("?", "%s")
        cur = conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []


def dump(target: Target) -> dict[str, Any]:
    """Schema and every row: equal dumps mean the database is exactly as it was."""
    with raw(target) as conn:
        if target.backend == "sqlite":
            schema = conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
            tables = [r[1] for r in schema if r[0] == "table" and not r[1].startswith("sqlite_")]
        else:
            s = target.schema
            schema = conn.execute(
                "SELECT table_name, column_name, data_type, is_nullable, column_default "
                "FROM information_schema.columns WHERE table_schema = %s "
                "ORDER BY table_name, ordinal_position", (s,)).fetchall()
            schema += conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s "
                "ORDER BY indexname", (s,)).fetchall()
            schema += conn.execute(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND NOT t.tgisinternal ORDER BY 1", (s,)).fetchall()
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY 1", (s,)).fetchall()]
        rows = {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in tables}
    return {"schema": schema, "rows": rows}


def with_fake(name: str) -> list[MigrationRef]:
    """The real migrations plus one from tests/store/fake_migrations as the next version."""
    real = discover()
    version = real[-1].version + 1
    return real + [MigrationRef(version, name, f"tests.store.fake_migrations.{name}")]
