"""0001 — the initial schema: every entity fcc needs, with the rules the database enforces.

A frozen copy of the tables as they were at version 1: this module never imports the live
models, so later changes to ``fcc.store.tables`` cannot change what this migration builds.
Time columns are epoch seconds in UTC (BIGINT).
"""

from __future__ import annotations

import uuid

import peewee as pw

VERSION = 1
NAME = "initial"


def money(column: str) -> pw.DecimalField:
    """An optional amount of money, never negative."""
    return pw.DecimalField(
        max_digits=12, decimal_places=2, auto_round=True, null=True,
        constraints=[pw.Check(f"{column} >= 0")],
    )


def round_minutes() -> pw.IntegerField:
    # NULL: inherit (project -> client -> app default).
    return pw.IntegerField(null=True, constraints=[pw.Check("round_minutes IN (0, 1, 6, 15, 30)")])


def round_mode() -> pw.CharField:
    return pw.CharField(
        max_length=8, null=True, constraints=[pw.Check("round_mode IN ('up', 'nearest', 'down')")]
    )


def round_scope() -> pw.CharField:
    return pw.CharField(
        max_length=8, null=True, constraints=[pw.Check("round_scope IN ('entry', 'day')")]
    )


class BaseTable(pw.Model):
    id = pw.AutoField()
    uuid = pw.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        legacy_table_names = False


class Client(BaseTable):
    name = pw.CharField(max_length=200)  # unique ignoring case: see client_name_ci
    email = pw.CharField(max_length=320, null=True)
    currency = pw.CharField(max_length=3, default="EUR",
                            constraints=[pw.Check("length(currency) = 3")])
    hourly_rate = money("hourly_rate")
    round_minutes = round_minutes()
    round_mode = round_mode()
    round_scope = round_scope()
    archived = pw.BooleanField(default=False)
    merged_into = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="merged")
    created_at = pw.BigIntegerField()
    updated_at = pw.BigIntegerField()


class Project(BaseTable):
    client = pw.ForeignKeyField(Client, null=True, on_delete="RESTRICT", backref="projects")
    name = pw.CharField(max_length=200)
    hourly_rate = money("hourly_rate")
    budget_hours = pw.DecimalField(
        max_digits=10, decimal_places=2, auto_round=True, null=True,
        constraints=[pw.Check("budget_hours >= 0")],
    )
    status = pw.CharField(
        max_length=10, default="active",
        constraints=[pw.Check("status IN ('active', 'paused', 'done')")],
    )
    round_minutes = round_minutes()
    round_mode = round_mode()
    round_scope = round_scope()
    archived = pw.BooleanField(default=False)
    merged_into = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="merged")
    created_at = pw.BigIntegerField()
    updated_at = pw.BigIntegerField()



class Board(BaseTable):
    name = pw.CharField(max_length=200, unique=True)
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="boards")
    archived = pw.BooleanField(default=False)
    created_at = pw.BigIntegerField()


class BoardColumn(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="columns")
    name = pw.CharField(max_length=100)
    position = pw.IntegerField()
    wip_limit = pw.IntegerField(null=True, constraints=[pw.Check("wip_limit > 0")])
    is_done = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("board", "name"), True),)


class SwimLane(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="lanes")
    name = pw.CharField(max_length=100)
    position = pw.IntegerField()

    class Meta:
        indexes = ((("board", "name"), True),)


class Sprint(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="sprints")
    name = pw.CharField(max_length=100)
    goal = pw.TextField(default="")
    start_date = pw.DateField()
    end_date = pw.DateField()
    status = pw.CharField(
        max_length=10, default="planned",
        constraints=[pw.Check("status IN ('planned', 'active', 'completed')")],
    )

    class Meta:
        constraints = [pw.Check("end_date >= start_date")]


class WorkItem(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="items")
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="items")
    type = pw.CharField(
        max_length=8, default="task",
        constraints=[pw.Check("type IN ('epic', 'story', 'task', 'bug')")],
    )
    parent = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="children")
    title = pw.CharField(max_length=500, constraints=[pw.Check("length(title) > 0")])
    description = pw.TextField(default="")
    priority = pw.IntegerField(default=2, constraints=[pw.Check("priority BETWEEN 0 AND 4")])
    estimate_minutes = pw.IntegerField(null=True, constraints=[pw.Check("estimate_minutes >= 0")])
    due_date = pw.DateField(null=True)
    sprint = pw.ForeignKeyField(Sprint, null=True, on_delete="SET NULL", backref="items")
    column = pw.ForeignKeyField(BoardColumn, on_delete="RESTRICT", backref="items")
    lane = pw.ForeignKeyField(SwimLane, null=True, on_delete="SET NULL", backref="items")
    position = pw.IntegerField(default=0)
    hourly_rate = money("hourly_rate")
    deleted_at = pw.BigIntegerField(null=True)
    archived = pw.BooleanField(default=False)
    created_at = pw.BigIntegerField()
    updated_at = pw.BigIntegerField()

    class Meta:
        constraints = [pw.Check("parent_id IS NULL OR parent_id <> id")]
        indexes = ((("column", "position"), False),)


class Dependency(BaseTable):
    blocker = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="blocking")
    blocked = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="blocked_by")
    created_at = pw.BigIntegerField()

    class Meta:
        constraints = [pw.Check("blocker_id <> blocked_id")]
        indexes = ((("blocker", "blocked"), True),)


class Comment(BaseTable):
    work_item = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="comments")
    author = pw.CharField(max_length=200, default="me")
    body = pw.TextField(constraints=[pw.Check("length(body) > 0")])
    created_at = pw.BigIntegerField()
    deleted_at = pw.BigIntegerField(null=True)


class TimeEntry(BaseTable):
    """Append-only: see the triggers in migration 0001 for what may still change."""

    # index=False: the (project, start) and (work_item, start) indexes below serve these.
    project = pw.ForeignKeyField(Project, on_delete="RESTRICT", backref="entries", index=False)
    work_item = pw.ForeignKeyField(
        WorkItem, null=True, on_delete="RESTRICT", backref="entries", index=False
    )
    start_utc = pw.BigIntegerField()
    end_utc = pw.BigIntegerField(null=True)
    zone = pw.CharField(max_length=64, constraints=[pw.Check("length(zone) > 0")])
    note = pw.TextField(default="")
    tags = pw.TextField(default="[]")  # JSON array of strings
    billable = pw.BooleanField(default=True)
    rate = money("rate")
    currency = pw.CharField(max_length=3, null=True)
    # Deferred to commit, so a correction can mark the old row (with the new row's reserved
    # id) before inserting the new one: the running-timer index never sees two versions.
    superseded_by = pw.ForeignKeyField(
        "self", null=True, on_delete="RESTRICT", deferrable="INITIALLY DEFERRED",
        backref="supersedes",
    )
    voided_at = pw.BigIntegerField(null=True)
    void_reason = pw.TextField(null=True)
    invoice_ref = pw.CharField(max_length=100, null=True)
    source_key = pw.CharField(max_length=200, null=True, unique=True)  # import idempotency
    created_at = pw.BigIntegerField()

    class Meta:
        constraints = [
            pw.Check("end_utc IS NULL OR end_utc >= start_utc"),
            pw.Check("superseded_by_id IS NULL OR superseded_by_id <> id"),
            pw.Check("voided_at IS NULL OR (void_reason IS NOT NULL AND length(void_reason) > 0)"),
        ]
        indexes = (
            (("start_utc",), False),
            (("project", "start_utc"), False),
            (("work_item", "start_utc"), False),
        )


class Vision(BaseTable):
    title = pw.CharField(max_length=200)
    body = pw.TextField(default="")
    horizon_years = pw.IntegerField(default=3, constraints=[pw.Check("horizon_years > 0")])
    created_at = pw.BigIntegerField()
    updated_at = pw.BigIntegerField()


class Cycle(BaseTable):
    vision = pw.ForeignKeyField(Vision, null=True, on_delete="SET NULL", backref="cycles")
    name = pw.CharField(max_length=200)
    start_date = pw.DateField(unique=True)
    midpoint_locked_at = pw.BigIntegerField(null=True)
    created_at = pw.BigIntegerField()


class Goal(BaseTable):
    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="goals")
    kind = pw.CharField(max_length=10, constraints=[pw.Check("kind IN ('business', 'personal')")])
    title = pw.CharField(max_length=500)
    why = pw.TextField(default="")
    lag_measure = pw.CharField(max_length=200, default="")
    lag_target = pw.DecimalField(null=True, max_digits=14, decimal_places=2, auto_round=True)
    lag_actual = pw.DecimalField(null=True, max_digits=14, decimal_places=2, auto_round=True)
    lead_measure = pw.CharField(max_length=200, default="")
    lead_target = pw.DecimalField(null=True, max_digits=14, decimal_places=2, auto_round=True)
    created_at = pw.BigIntegerField()

    class Meta:
        indexes = ((("cycle", "kind"), True),)


class Tactic(BaseTable):
    goal = pw.ForeignKeyField(Goal, on_delete="CASCADE", backref="tactics")
    title = pw.CharField(max_length=500)
    first_week = pw.IntegerField(default=1, constraints=[pw.Check("first_week BETWEEN 1 AND 12")])
    last_week = pw.IntegerField(default=12, constraints=[pw.Check("last_week BETWEEN 1 AND 12")])
    created_at = pw.BigIntegerField()

    class Meta:
        constraints = [pw.Check("last_week >= first_week")]


class WeeklyPlan(BaseTable):
    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="weeks")
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 1 AND 12")])
    quota = pw.IntegerField(default=0, constraints=[pw.Check("quota >= 0")])
    locked = pw.BooleanField(default=False)
    score = pw.DecimalField(
        null=True, max_digits=5, decimal_places=2, auto_round=True,
        constraints=[pw.Check("score >= 0 AND score <= 100")],
    )
    review = pw.TextField(default="")
    reviewed_at = pw.BigIntegerField(null=True)

    class Meta:
        indexes = ((("cycle", "week"), True),)


class PlanItem(BaseTable):
    weekly_plan = pw.ForeignKeyField(WeeklyPlan, on_delete="CASCADE", backref="items")
    goal = pw.ForeignKeyField(Goal, null=True, on_delete="SET NULL", backref="plan_items")
    tactic = pw.ForeignKeyField(Tactic, null=True, on_delete="SET NULL", backref="plan_items")
    work_item = pw.ForeignKeyField(WorkItem, null=True, on_delete="SET NULL", backref="plan_items")
    title = pw.CharField(max_length=500)
    position = pw.IntegerField(default=0)
    done = pw.BooleanField(default=False)
    done_at = pw.BigIntegerField(null=True)
    rolled_over = pw.IntegerField(default=0, constraints=[pw.Check("rolled_over >= 0")])


class Approval(BaseTable):
    client = pw.ForeignKeyField(Client, on_delete="RESTRICT", backref="approvals")
    period_start = pw.DateField()
    period_end = pw.DateField()
    status = pw.CharField(
        max_length=10, default="pending",
        constraints=[pw.Check("status IN ('pending', 'approved', 'rejected')")],
    )
    submitted_at = pw.BigIntegerField()
    decided_at = pw.BigIntegerField(null=True)
    note = pw.TextField(default="")

    class Meta:
        constraints = [
            pw.Check("period_end >= period_start"),
            pw.Check("(status = 'pending') = (decided_at IS NULL)"),
        ]
        indexes = ((("client", "period_start", "period_end"), True),)


class Activity(BaseTable):
    """Append-only log of every change: who, what, before and after (JSON)."""

    actor = pw.CharField(max_length=200)
    entity = pw.CharField(max_length=50)
    entity_id = pw.CharField(max_length=64)
    action = pw.CharField(max_length=50)
    before = pw.TextField(null=True)
    after = pw.TextField(null=True)
    at = pw.BigIntegerField()

    class Meta:
        indexes = ((("entity", "entity_id"), False), (("at",), False))


class SessionState(BaseTable):
    """Where the TUI was: restored on the next launch, pruned after the retention period."""

    name = pw.CharField(max_length=100, unique=True)
    last_pane = pw.CharField(max_length=20, default="timers")
    selection = pw.TextField(default="{}")
    filters = pw.TextField(default="{}")
    updated_at = pw.BigIntegerField()


class Setting(pw.Model):
    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()

    class Meta:
        legacy_table_names = False


RUNNING = (
    TimeEntry.end_utc.is_null() & TimeEntry.voided_at.is_null() & TimeEntry.superseded_by.is_null()
)
# Names are unique ignoring case; a project without a client counts as client 0.
Client.add_index(Client.index(pw.fn.lower(Client.name), unique=True, name="client_name_ci"))
Project.add_index(Project.index(
    pw.fn.COALESCE(Project.client, 0), pw.fn.lower(Project.name), unique=True,
    name="project_client_name_ci",
))
# Partial indexes: named, so the schema diff pairs them with the database's by name.
TimeEntry.add_index(
    TimeEntry.index(TimeEntry.work_item, unique=True, name="time_entry_one_running_per_item")
    .where(RUNNING & TimeEntry.work_item.is_null(False))
)
TimeEntry.add_index(TimeEntry.index(TimeEntry.start_utc, name="time_entry_running").where(RUNNING))

MODELS: list[type[pw.Model]] = [
    Client, Project, Board, BoardColumn, SwimLane, Sprint, WorkItem, Dependency, Comment,
    TimeEntry, Vision, Cycle, Goal, Tactic, WeeklyPlan, PlanItem, Approval, Activity,
    SessionState, Setting,
]


# --- rules the database enforces, whoever writes to it ---------------------------------------

# Columns of a time entry that never change once written.
_ENTRY_FROZEN = (
    "id", "uuid", "project_id", "work_item_id", "start_utc", "zone", "note", "tags", "billable",
    "rate", "currency", "source_key", "created_at",
)


def _changed(col: str, ne: str) -> str:
    return f"NEW.{col} {ne} OLD.{col}"


def _entry_violation(ne: str) -> str:
    """True when an UPDATE of time_entry would rewrite history.

    Allowed: stop a running entry once (end NULL -> value), mark it superseded once, void it
    once (with its reason), set its invoice reference once. Everything else is a new version.
    """
    parts = [_changed(c, ne) for c in _ENTRY_FROZEN]
    parts += [
        f"(OLD.end_utc IS NOT NULL AND {_changed('end_utc', ne)})",
        f"(OLD.superseded_by_id IS NOT NULL AND {_changed('superseded_by_id', ne)})",
        f"(OLD.voided_at IS NOT NULL AND ({_changed('voided_at', ne)}"
        f" OR {_changed('void_reason', ne)}))",
        f"(NEW.voided_at IS NULL AND {_changed('void_reason', ne)})",
        f"(OLD.invoice_ref IS NOT NULL AND {_changed('invoice_ref', ne)})",
    ]
    return "\n   OR ".join(parts)


def _plan_violation(ne: str) -> str:
    return f"OLD.locked AND ({_changed('quota', ne)} OR NOT NEW.locked)"


# What ``fcc db downgrade`` says before reverting this migration.
DOWN_NOTE = "every table is dropped with all its data"

ENTRY_MSG = ("time_entry is append-only: stop, void or supersede an entry, never rewrite or "
             "delete it")
ACTIVITY_MSG = "activity is append-only: the log is never rewritten or deleted"
PLAN_MSG = "weekly_plan is locked: its quota cannot change and it cannot be unlocked"

VIEWS = {
    "active_timers": """
CREATE VIEW active_timers AS
SELECT e.id, e.uuid, e.project_id, p.name AS project_name, p.client_id,
       c.name AS client_name, e.work_item_id, w.title AS work_item_title,
       e.start_utc, e.zone, e.note, e.tags, e.billable, e.rate, e.currency
FROM time_entry e
JOIN project p ON p.id = e.project_id
LEFT JOIN client c ON c.id = p.client_id
LEFT JOIN work_item w ON w.id = e.work_item_id
WHERE e.end_utc IS NULL AND e.voided_at IS NULL AND e.superseded_by_id IS NULL""",
    "pending_approvals": """
CREATE VIEW pending_approvals AS
SELECT a.id, a.uuid, a.client_id, c.name AS client_name, a.period_start, a.period_end,
       a.submitted_at, a.note
FROM approval a
JOIN client c ON c.id = a.client_id
WHERE a.status = 'pending'""",
}


def _sqlite_rules() -> list[str]:
    ne = "IS NOT"
    return [
        f"""CREATE TRIGGER time_entry_append_only BEFORE UPDATE ON time_entry
WHEN {_entry_violation(ne)}
BEGIN SELECT RAISE(ABORT, '{ENTRY_MSG}'); END""",
        f"""CREATE TRIGGER time_entry_no_delete BEFORE DELETE ON time_entry
BEGIN SELECT RAISE(ABORT, '{ENTRY_MSG}'); END""",
        f"""CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, '{ACTIVITY_MSG}'); END""",
        f"""CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN SELECT RAISE(ABORT, '{ACTIVITY_MSG}'); END""",
        f"""CREATE TRIGGER weekly_plan_locked BEFORE UPDATE ON weekly_plan
WHEN {_plan_violation(ne)}
BEGIN SELECT RAISE(ABORT, '{PLAN_MSG}'); END""",
    ]


def _postgres_rules() -> list[str]:
    ne = "IS DISTINCT FROM"

    def guard(name: str, body: str) -> str:
        return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fcc$
BEGIN
{body}
END
$fcc$"""

    return [
        guard("fcc_time_entry_guard",
              f"""  IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION '{ENTRY_MSG}'; END IF;
  IF {_entry_violation(ne)} THEN
    RAISE EXCEPTION '{ENTRY_MSG}';
  END IF;
  RETURN NEW;"""),
        "CREATE TRIGGER time_entry_append_only BEFORE UPDATE OR DELETE ON time_entry "
        "FOR EACH ROW EXECUTE FUNCTION fcc_time_entry_guard()",
        "CREATE TRIGGER time_entry_no_truncate BEFORE TRUNCATE ON time_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION fcc_time_entry_guard()",
        guard("fcc_activity_guard", f"  RAISE EXCEPTION '{ACTIVITY_MSG}';"),
        "CREATE TRIGGER activity_append_only BEFORE UPDATE OR DELETE ON activity "
        "FOR EACH ROW EXECUTE FUNCTION fcc_activity_guard()",
        "CREATE TRIGGER activity_no_truncate BEFORE TRUNCATE ON activity "
        "FOR EACH STATEMENT EXECUTE FUNCTION fcc_activity_guard()",
        guard("fcc_weekly_plan_guard", f"""  IF {_plan_violation(ne)} THEN
    RAISE EXCEPTION '{PLAN_MSG}';
  END IF;
  RETURN NEW;"""),
        "CREATE TRIGGER weekly_plan_locked BEFORE UPDATE ON weekly_plan "
        "FOR EACH ROW EXECUTE FUNCTION fcc_weekly_plan_guard()",
    ]


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def up(db: pw.Database) -> None:
    with db.bind_ctx(MODELS):
        db.create_tables(MODELS, safe=False)
    for sql in (_postgres_rules() if _is_postgres(db) else _sqlite_rules()):
        db.execute_sql(sql)
    for sql in VIEWS.values():
        db.execute_sql(sql)
    db.execute_sql(
        "INSERT INTO setting (key, value) VALUES ('session_retention_days', '90')"
    )


def down(db: pw.Database) -> None:
    for name in VIEWS:
        db.execute_sql(f"DROP VIEW IF EXISTS {name}")
    # Dropping a table drops its triggers; PostgreSQL keeps the functions.
    with db.bind_ctx(MODELS):
        db.drop_tables(list(reversed(MODELS)), safe=False)
    if _is_postgres(db):
        for fn in ("fcc_time_entry_guard", "fcc_activity_guard", "fcc_weekly_plan_guard"):
            db.execute_sql(f"DROP FUNCTION {fn}()")
