"""The reviewer's attacks on the billing commands through the real ``fcc``: each test is a
bug found by using them, fixed on h-prev."""

from __future__ import annotations

from tests.test_cli_boards import anydb, cli

__all__ = ["anydb"]  # the fixture


def test_activity_limit_says_what_it_counts(anydb):
    """``fcc activity --limit 0`` said 'expected a number of cards like 3, or none' (a board's
    WIP limit's words): it counts changes, from 1 to 1000, and 'none' is no value of it."""
    for bad in ("0", "-5", "1001", "none"):
        error = cli(anydb, "activity", "--limit", bad, code=2)
        assert error.strip() == (f"--limit: expected a number of changes from 1 to 1000, "
                                 f"got {bad!r}")
