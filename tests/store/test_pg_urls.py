"""Issue 11 part 2: a malformed PostgreSQL URL is bad input in one line that never shows the
password (urllib raised ValueError: `...@127.0.0.1:notaport/fcc`, `[::1`)."""

from __future__ import annotations

import pytest

from fcc.store.errors import DatabaseOpenError, InvalidInput
from fcc.store.target import resolve_target
from tests.conftest import pg_url

EXPECTED = "expected a URL like postgresql://USER[:PASSWORD]@HOST[:PORT]/DB"


@pytest.mark.parametrize("url, detail", [
    ("postgresql://u:secret@127.0.0.1:notaport/fcc",
     " with a port from 1 to 65535, got '127.0.0.1:notaport'"),
    ("postgresql://u:secret@127.0.0.1:99999/fcc",
     " with a port from 1 to 65535, got '127.0.0.1:99999'"),
    ("postgresql://u:secret@127.0.0.1:0/fcc", " with a port from 1 to 65535, got '127.0.0.1:0'"),
    ("postgres://u:secret@host:-5/fcc", " with a port from 1 to 65535, got 'host:-5'"),
    ("postgresql://u:sec@ret@host:x/fcc", " with a port from 1 to 65535, got 'host:x'"),
    ("postgresql://u:secret@[::1", " (a host in [] is an IPv6 address like [::1]), got '[::1'"),
    ("postgresql://u:secret@[zz]/fcc",
     " (a host in [] is an IPv6 address like [::1]), got '[zz]'"),
    ("postgresql://u:secret@[::1/fcc",
     " (a host in [] is an IPv6 address like [::1]), got '[::1'"),
    ("postgresql://u:secret@127.0.0.1:5432/", " that names the database after the host"),
    ("postgresql://u:secret@127.0.0.1:5432", " that names the database after the host"),
    ("postgresql://", " that names the database after the host"),
])
def test_a_malformed_url_is_one_line_without_the_password(url, detail):
    for source, kwargs in (("--db", {"db": url, "environ": {}}),
                           ("FCC_DATABASE_URL", {"environ": {"FCC_DATABASE_URL": url}})):
        with pytest.raises(InvalidInput) as err:
            resolve_target(**kwargs)
        assert str(err.value) == f"{source}: {EXPECTED}{detail}"
        assert "secret" not in str(err.value) and err.value.exit_code == 2


@pytest.mark.parametrize("url, display", [
    ("postgresql://u:secret@[::1]:5433/fcc", "postgresql://u@[::1]:5433/fcc (schema fcc_default)"),
    ("postgresql:///fcc", "postgresql://localhost/fcc (schema fcc_default)"),
    ("postgresql://me@db.lan/fcc?sslmode=require", "postgresql://me@db.lan/fcc (schema "
                                                   "fcc_default)"),
])
def test_good_urls_are_kept_and_shown_without_the_password(url, display):
    target = resolve_target(url, environ={})
    assert target.url == url and target.display == display


@pytest.mark.parametrize("query, message", [
    ("x=1", 'invalid connection option "x"'),
    ("connect_timeout=abc", "bad value for connect_timeout: 'abc'"),
])
def test_a_bad_connection_option_is_one_line_without_the_password(query, message):
    """They raised peewee.ProgrammingError (not an OperationalError) with a traceback."""
    from fcc.store.db import open_database

    base = pg_url()
    assert base is not None and "@" in base
    scheme, rest = base.split("://", 1)
    user, host = rest.split("@", 1)
    url = f"{scheme}://{user.split(':')[0]}:s3cr3t-pw@{host}?{query}"
    with pytest.raises(DatabaseOpenError) as err:
        open_database(resolve_target(url, environ={}))
    assert str(err.value).endswith(message) and "s3cr3t-pw" not in str(err.value)
