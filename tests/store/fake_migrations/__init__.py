"""Migrations that exist only for tests: appended after the real ones as version N+1."""
