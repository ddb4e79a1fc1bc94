"""Errors the store raises. Each carries a one-line message meant for the user."""

from __future__ import annotations

from collections.abc import Mapping


class FccError(Exception):
    """Base class: ``str(err)`` is a complete, one-line message for the user."""

    exit_code = 1


class InvalidInput(FccError):
    """User or file input failed validation; names the field and what was expected.

    The store names its own fields (``start``, ``end``, ``at``, ``note``, ...); whoever shows
    the error to someone who knows them by other names renames them with :meth:`named` (the
    command line's flags, ``fcc.tui.cli.flags.FLAGS``). With ``refs=True``, ``{name}`` in
    ``expected`` is another field's name, renamed too (``"a time after {start}"``)."""

    exit_code = 2

    def __init__(self, field: str, expected: str, got: object | None = None, *,
                 refs: bool = False) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        self.refs = refs
        super().__init__(self._message({}))

    def _message(self, names: Mapping[str, str]) -> str:
        expected = self.expected
        if self.refs:
            import re

            expected = re.sub(r"\{(\w+)\}", lambda m: names.get(m[1], m[1]), expected)
        msg = f"{names.get(self.field, self.field)}: expected {expected}"
        if self.got is not None:
            shown = repr(self.got)
            if len(shown) > 60:
                shown = shown[:57] + "..."
            msg += f", got {shown}"
        return msg

    def named(self, names: Mapping[str, str]) -> InvalidInput:
        """The same error with the fields it names renamed (``names``: field -> shown name)."""
        if self.field not in names and not self.refs:
            return self
        renamed = InvalidInput(names.get(self.field, self.field), self.expected, self.got)
        renamed.args = (self._message(names),)
        return renamed


class DatabaseOpenError(FccError):
    """The database could not be opened (missing driver, not a database, corrupt, ...)."""


class NotADatabase(DatabaseOpenError):
    pass


class SchemaTooNew(DatabaseOpenError):
    pass


class MigrationFailed(FccError):
    def __init__(self, migration: str, cause: BaseException, backup: str | None,
                 direction: str = "up") -> None:
        self.migration = migration
        self.cause = cause
        self.backup = backup
        before = "downgrade" if direction == "down" else "upgrade"
        where = f"; a backup from before the {before} is at {backup}" if backup else ""
        if isinstance(cause, FccError):  # a fault of the disk, already named in one line
            super().__init__(f"migration {migration} failed: {cause}{where}")
            return
        reason = " ".join(str(cause).split()) or type(cause).__name__
        super().__init__(
            f"migration {migration} failed ({reason}); the database was left unchanged{where}"
        )


class NotFound(FccError):
    pass


class UnknownName(NotFound):
    """A client or project name that matches nothing: bad input, with close matches."""

    exit_code = 2


class UnknownId(NotFound):
    """An entry, card or project id that names nothing: bad input, like an unknown name."""

    exit_code = 2


class IntegrityViolation(FccError):
    pass


class NeedsForce(FccError):
    """A board rule the user may knowingly override (a WIP limit, open blockers): the message
    says what stops the change; the command line adds how to force it (``--force``), the app
    asks to confirm. Nothing was changed."""

    flag = "--force"


class WipLimitReached(NeedsForce):
    pass


class OpenBlockers(NeedsForce):
    pass


class DependencyCycle(FccError):
    """``A blocks B`` that would close a loop; the message names it (``#12 → #15 → #12``)."""

    exit_code = 2


class WriteLockError(FccError):
    """The write lock file next to a SQLite database cannot be opened or taken."""


def internal_error(exc: BaseException) -> str:
    """The last-resort line for an exception no check foresaw (a bug): its type and message,
    on one line, and how to see the traceback."""
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:197] + "..."
    said = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"internal error: {said}; run with FCC_DEBUG=1 for the traceback"


class DatabaseReadOnly(FccError):
    """The database (its file, folder or file system) cannot be written."""


class DiskFull(FccError):
    """The disk holding the database is full; the change was rolled back."""


class DatabaseDamaged(NotADatabase):
    """SQLite reports the file as malformed: fcc never writes to it (see fcc.store.faults)."""


class PlanLocked(FccError):
    """A change the 12-week year's midpoint lock refuses (a quota of weeks 7-12 once the
    midpoint has passed, the lock itself); the message names the week and why. Nothing was
    changed."""


class NoCycle(NotFound):
    """No 12-week cycle to plan in: the message says how to start one."""


class BillingLocked(FccError):
    """A change an approval or an invoice refuses: an entry it covers (amend, split, void,
    re-rate), a new entry or timer in a frozen period, an edit of an issued invoice; the
    message names the approval or invoice and how to unlock it. Nothing was changed."""
