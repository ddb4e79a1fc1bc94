"""The quick paths' one argument reader (``fcc``, ``status``, ``start``, ``stop``, ``log``,
``report``, ``card list``; see ``fcc.tui.entry``):
``[--db X] [-w NAME] [COMMAND [OPTIONS] [ARG]...]``.

Standard library only, and no ``typing`` at run time: every quick command pays for its import.
It reads what a quick path answers and nothing else; for anything it does not know (help, a
typo, another command, an option the command's quick path does not take) it returns the
reason, and the full command line (click) reads the arguments instead.

Options are read as click reads them: ``--name=value`` or ``--name value``, the last value of
a repeated option wins (:meth:`Args.last`; ``--by``/``--tag`` keep every value), a flag may
be repeated. A :class:`Spec` with ``dash_values=False`` (status, start, stop, the app) is
stricter than click: a value or argument that starts with ``-`` is handed over, since a typo
there is likelier than a note that starts with a dash.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

GLOBALS = {"--db": "db", "--workspace": "workspace", "-w": "workspace"}


class Spec:
    """What one command's quick path reads: options with a value, flags, how many
    arguments, and whether a value may start with ``-``."""

    def __init__(self, values: Sequence[str] = (), flags: Sequence[str] = (), *,
                 arguments: int = 0, dash_values: bool = True) -> None:
        self.values = tuple(values)
        self.flags = tuple(flags)
        self.arguments = arguments
        self.dash_values = dash_values


APP = Spec(dash_values=False)  # ``fcc [--db X] [-w NAME]``: no command
STATUS = Spec(("--format",), dash_values=False)
START = Spec(("--note", "--tag"), arguments=1, dash_values=False)
STOP = Spec(dash_values=False)
LOG = Spec(("--from", "--to", "--format"), ("--history", "--no-formula-guard"))
REPORT = Spec(("--from", "--to", "--format", "--by"),
              ("--today", "--week", "--month", "--year", "--billable", "--no-formula-guard"))
READS = {"log": LOG, "report": REPORT}
# ``fcc card list`` (the argument is the subcommand): the filters a board's list is read with.
CARD = Spec(("--board", "--tag", "--format"),
            ("--blocked", "--archived", "--deleted", "--no-formula-guard"), arguments=1)
CARDS = {"card": CARD}


class Args:
    """The arguments read: the command ("" for the app), the global options (``db``,
    ``workspace``), each option's values in order, the flags given and the arguments."""

    def __init__(self) -> None:
        self.command = ""
        self.globals: dict[str, str] = {}
        self.values: dict[str, list[str]] = {}
        self.flags: set[str] = set()
        self.arguments: list[str] = []

    @property
    def db(self) -> str | None:
        return self.globals.get("db")

    @property
    def workspace(self) -> str | None:
        return self.globals.get("workspace")

    def last(self, name: str) -> str | None:
        given = self.values.get(name)
        return given[-1] if given else None


def parse(argv: Sequence[str], commands: Mapping[str, Spec]) -> Args | str:
    """The arguments of one of ``commands`` (``{"": APP}``: no command), or why the full
    command line reads them."""
    args = Args()
    spec = commands.get("")
    strict = not all(s.dash_values for s in commands.values())  # the same for all of them
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not arg.startswith("-") or (arg == "-" and not strict):
            if args.command or "" in commands:
                if args.command and len(args.arguments) < commands[args.command].arguments:
                    args.arguments.append(arg)
                    continue
                return f"the argument {arg!r}"
            if arg not in commands:
                return f"the argument {arg!r}"
            args.command, spec = arg, commands[arg]
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        known = spec.values if args.command and spec else tuple(GLOBALS)
        if args.command and spec and name in spec.flags and not eq:
            args.flags.add(name)
            continue
        if name not in known:
            return f"the option {name}"
        if not eq:
            if i >= len(argv) or (strict and argv[i].startswith("-")):
                return f"{name} without a value"
            value = argv[i]
            i += 1
        if args.command:
            args.values.setdefault(name, []).append(value)
        else:
            args.globals[GLOBALS[name]] = value
    return args if args.command or "" in commands else "no command"


def parse_app_args(argv: Sequence[str]) -> tuple[str | None, str | None] | None:
    """``[--db X] [-w NAME]`` (the app, no command) -> (db, workspace); None otherwise."""
    args = parse(argv, {"": APP})
    return None if isinstance(args, str) else (args.db, args.workspace)
