"""The live peewee models. Internal to the store: the UI only ever sees records.

The migrations build this schema (each from its own frozen copy); ``tests/store/
test_migrations.py`` proves the two agree on both backends. Rules that must hold whoever
writes to the database (triggers, partial indexes, views) live in the migrations' SQL.
"""

from __future__ import annotations

import uuid

import peewee as pw

from fcc.store.fields import UtcField

database_proxy = pw.DatabaseProxy()


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


def new_uuid() -> uuid.UUID:
    return uuid.uuid4()


class BaseTable(pw.Model):
    """Each ``ForeignKeyField`` named ``x`` also gives rows an ``x_id`` attribute (the raw
    column, no query); peewee's types cannot know it, so every table declares its own."""

    id = pw.AutoField()
    uuid = pw.UUIDField(unique=True, default=new_uuid)

    class Meta:
        database = database_proxy
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
    merged_into_id: int | None
    created_at = UtcField()
    updated_at = UtcField()
    # What an invoice needs (0006): terms in days (None: the config's), tax in percent.
    address = pw.TextField(default="")
    tax_id = pw.CharField(max_length=64, default="")
    payment_terms = pw.IntegerField(
        null=True, constraints=[pw.Check("payment_terms BETWEEN 0 AND 365")])
    tax_rate = pw.DecimalField(max_digits=5, decimal_places=2, auto_round=True, null=True,
                               constraints=[pw.Check("tax_rate >= 0 AND tax_rate <= 100")])
    reverse_charge = pw.BooleanField(default=False)
    needs_approval = pw.BooleanField(default=False)


class Project(BaseTable):
    client = pw.ForeignKeyField(Client, null=True, on_delete="RESTRICT", backref="projects")
    client_id: int | None
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
    merged_into_id: int | None
    created_at = UtcField()
    updated_at = UtcField()
    # Only on rows of a query that selects ``Client.name.alias("client_name")`` and turns rows
    # into objects (the catalog's project lookup, the budget report); absent everywhere else.
    client_name: str | None


class Board(BaseTable):
    name = pw.CharField(max_length=200, unique=True)
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="boards")
    project_id: int | None
    archived = pw.BooleanField(default=False)
    created_at = UtcField()


class BoardColumn(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="columns")
    board_id: int
    name = pw.CharField(max_length=100)
    position = pw.IntegerField()
    wip_limit = pw.IntegerField(null=True, constraints=[pw.Check("wip_limit > 0")])
    is_done = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("board", "name"), True),)


class SwimLane(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="lanes")
    board_id: int
    name = pw.CharField(max_length=100)
    position = pw.IntegerField()

    class Meta:
        indexes = ((("board", "name"), True),)


class Sprint(BaseTable):
    board = pw.ForeignKeyField(Board, on_delete="CASCADE", backref="sprints")
    board_id: int
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
    board_id: int
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="items")
    project_id: int | None
    type = pw.CharField(
        max_length=8, default="task",
        constraints=[pw.Check("type IN ('epic', 'story', 'task', 'bug')")],
    )
    parent = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="children")
    parent_id: int | None
    title = pw.CharField(max_length=500, constraints=[pw.Check("length(title) > 0")])
    description = pw.TextField(default="")
    priority = pw.IntegerField(default=2, constraints=[pw.Check("priority BETWEEN 0 AND 4")])
    estimate_minutes = pw.IntegerField(null=True, constraints=[pw.Check("estimate_minutes >= 0")])
    due_date = pw.DateField(null=True)
    sprint = pw.ForeignKeyField(Sprint, null=True, on_delete="SET NULL", backref="items")
    sprint_id: int | None
    column = pw.ForeignKeyField(BoardColumn, on_delete="RESTRICT", backref="items")
    column_id: int
    lane = pw.ForeignKeyField(SwimLane, null=True, on_delete="SET NULL", backref="items")
    lane_id: int | None
    position = pw.IntegerField(default=0)
    hourly_rate = money("hourly_rate")
    deleted_at = UtcField(null=True)
    archived = pw.BooleanField(default=False)
    created_at = UtcField()
    updated_at = UtcField()
    tags = pw.TextField(default="[]")  # JSON array of strings (0004)
    done_at = UtcField(null=True)  # when it last entered a done column (0004)
    source_key = pw.CharField(max_length=200, null=True, unique=True)  # taskwarrior:UUID (0004)

    class Meta:
        constraints = [pw.Check("parent_id IS NULL OR parent_id <> id")]
        indexes = ((("column", "position"), False),)


class Dependency(BaseTable):
    blocker = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="blocking")
    blocker_id: int
    blocked = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="blocked_by")
    blocked_id: int
    created_at = UtcField()

    class Meta:
        constraints = [pw.Check("blocker_id <> blocked_id")]
        indexes = ((("blocker", "blocked"), True),)


class Comment(BaseTable):
    work_item = pw.ForeignKeyField(WorkItem, on_delete="CASCADE", backref="comments")
    work_item_id: int
    author = pw.CharField(max_length=200, default="me")
    body = pw.TextField(constraints=[pw.Check("length(body) > 0")])
    created_at = UtcField()
    deleted_at = UtcField(null=True)
    updated_at = UtcField(null=True)  # last edit; earlier text is in the activity log (0004)


class TimeEntry(BaseTable):
    """Append-only: see the triggers in migration 0001 for what may still change."""

    # index=False: the (project, start) and (work_item, start) indexes below serve these.
    project = pw.ForeignKeyField(Project, on_delete="RESTRICT", backref="entries", index=False)
    project_id: int
    work_item = pw.ForeignKeyField(
        WorkItem, null=True, on_delete="RESTRICT", backref="entries", index=False
    )
    work_item_id: int | None
    start_utc = UtcField()
    end_utc = UtcField(null=True)
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
    superseded_by_id: int | None
    voided_at = UtcField(null=True)
    void_reason = pw.TextField(null=True)
    invoice_ref = pw.CharField(max_length=100, null=True)
    source_key = pw.CharField(max_length=200, null=True, unique=True)  # import idempotency
    created_at = UtcField()
    parallel = pw.BooleanField(default=False)  # may overlap other entries (0002)
    # The entry's number (the short id users see) when this row is a later version of it;
    # NULL: the row's own id (0003). See NUMBER.
    entry_no = pw.BigIntegerField(null=True)

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
    created_at = UtcField()
    updated_at = UtcField()
    three_year = pw.TextField(default="")  # the 3-year picture; body is the long-term one (0005)


class Cycle(BaseTable):
    vision = pw.ForeignKeyField(Vision, null=True, on_delete="SET NULL", backref="cycles")
    vision_id: int | None
    name = pw.CharField(max_length=200)
    start_date = pw.DateField(unique=True)
    midpoint_locked_at = UtcField(null=True)
    created_at = UtcField()


class Goal(BaseTable):
    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="goals")
    cycle_id: int
    kind = pw.CharField(max_length=10, constraints=[pw.Check("kind IN ('business', 'personal')")])
    title = pw.CharField(max_length=500)
    why = pw.TextField(default="")
    created_at = UtcField()

    class Meta:
        indexes = ((("cycle", "kind"), True),)


class Tactic(BaseTable):
    goal = pw.ForeignKeyField(Goal, on_delete="CASCADE", backref="tactics")
    goal_id: int
    title = pw.CharField(max_length=500)
    first_week = pw.IntegerField(default=1, constraints=[pw.Check("first_week BETWEEN 1 AND 12")])
    last_week = pw.IntegerField(default=12, constraints=[pw.Check("last_week BETWEEN 1 AND 12")])
    created_at = UtcField()
    # What the tactic is worked on, its place among its goal's tactics (0005).
    work_item = pw.ForeignKeyField(WorkItem, null=True, on_delete="SET NULL", backref="tactics")
    work_item_id: int | None
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="tactics")
    project_id: int | None
    position = pw.IntegerField(default=0)

    class Meta:
        constraints = [pw.Check("last_week >= first_week")]


class WeeklyPlan(BaseTable):
    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="weeks")
    cycle_id: int
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 1 AND 12")])
    quota = pw.IntegerField(default=0, constraints=[pw.Check("quota >= 0")])
    locked = pw.BooleanField(default=False)
    score = pw.DecimalField(
        null=True, max_digits=5, decimal_places=2, auto_round=True,
        constraints=[pw.Check("score >= 0 AND score <= 100")],
    )
    review = pw.TextField(default="")
    reviewed_at = UtcField(null=True)

    class Meta:
        indexes = ((("cycle", "week"), True),)


class PlanItem(BaseTable):
    weekly_plan = pw.ForeignKeyField(WeeklyPlan, on_delete="CASCADE", backref="items")
    weekly_plan_id: int
    goal = pw.ForeignKeyField(Goal, null=True, on_delete="SET NULL", backref="plan_items")
    goal_id: int | None
    tactic = pw.ForeignKeyField(Tactic, null=True, on_delete="SET NULL", backref="plan_items")
    tactic_id: int | None
    work_item = pw.ForeignKeyField(WorkItem, null=True, on_delete="SET NULL", backref="plan_items")
    work_item_id: int | None
    title = pw.CharField(max_length=500)
    position = pw.IntegerField(default=0)
    done = pw.BooleanField(default=False)
    done_at = UtcField(null=True)
    rolled_over = pw.IntegerField(default=0, constraints=[pw.Check("rolled_over >= 0")])
    # Dropped with a reason; recommitted (rolled) or broken down from an earlier item (0005).
    dropped_at = UtcField(null=True)
    drop_reason = pw.TextField(default="")
    origin = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="successors")
    origin_id: int | None
    origin_kind = pw.CharField(
        max_length=9, null=True,
        constraints=[pw.Check("origin_kind IN ('recommit', 'breakdown')")],
    )
    created_at = UtcField(null=True)


class Measure(BaseTable):
    """A goal's lag measure (the result) or a lead measure (an action), with its target; typed
    by hand (values in ``measure_value``) or computed from fcc's data (0005)."""

    goal = pw.ForeignKeyField(Goal, on_delete="CASCADE", backref="measures")
    goal_id: int
    kind = pw.CharField(max_length=4, constraints=[pw.Check("kind IN ('lag', 'lead')")])
    name = pw.CharField(max_length=200, constraints=[pw.Check("length(name) > 0")])
    unit = pw.CharField(max_length=20, default="")
    target = pw.DecimalField(null=True, max_digits=14, decimal_places=2, auto_round=True)
    source = pw.CharField(max_length=6, default="manual",
                          constraints=[pw.Check("source IN ('manual', 'hours', 'billed')")])
    period = pw.CharField(max_length=5, default="cycle",
                          constraints=[pw.Check("period IN ('cycle', 'week')")])
    scope = pw.TextField(default="{}")  # JSON: projects, clients, cards (ids), tags (names)
    position = pw.IntegerField(default=0)
    created_at = UtcField()
    updated_at = UtcField()


class MeasureValue(BaseTable):
    """A hand-typed measure's value for week N (1-12), or for the whole cycle (week 0)."""

    measure = pw.ForeignKeyField(Measure, on_delete="CASCADE", backref="values")
    measure_id: int
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 0 AND 12")])
    value = pw.DecimalField(max_digits=14, decimal_places=2, auto_round=True)
    recorded_at = UtcField()

    class Meta:
        indexes = ((("measure", "week"), True),)


class JournalSession(BaseTable):
    """One week's journal thread (week 13: the cycle's review week) (0005)."""

    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="journal")
    cycle_id: int
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 1 AND 13")])
    title = pw.CharField(max_length=200, default="")
    created_at = UtcField()

    class Meta:
        indexes = ((("cycle", "week"), True),)


class JournalMessage(BaseTable):
    """A timestamped note in a week's thread; ``review`` for the weekly review's text."""

    session = pw.ForeignKeyField(JournalSession, on_delete="CASCADE", backref="messages")
    session_id: int
    kind = pw.CharField(max_length=6, default="note",
                        constraints=[pw.Check("kind IN ('note', 'review')")])
    body = pw.TextField(constraints=[pw.Check("length(body) > 0")])
    at = UtcField()
    zone = pw.CharField(max_length=64)
    edited_at = UtcField(null=True)

    class Meta:
        indexes = ((("session", "at"), False),)


class Activity(BaseTable):
    """Append-only log of every change: who, what, before and after (JSON)."""

    actor = pw.CharField(max_length=200)
    entity = pw.CharField(max_length=50)
    entity_id = pw.CharField(max_length=64)
    action = pw.CharField(max_length=50)
    before = pw.TextField(null=True)
    after = pw.TextField(null=True)
    at = UtcField()
    batch = pw.CharField(max_length=36, null=True)  # one user action; what undo reverts (0002)

    class Meta:
        indexes = ((("entity", "entity_id"), False), (("at",), False))


class SessionState(BaseTable):
    """Where the TUI was: restored on the next launch, pruned after the retention period."""

    name = pw.CharField(max_length=100, unique=True)
    last_pane = pw.CharField(max_length=20, default="timers")
    selection = pw.TextField(default="{}")
    filters = pw.TextField(default="{}")
    updated_at = UtcField()


class Setting(pw.Model):
    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()

    class Meta:
        database = database_proxy
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
Activity.add_index(Activity.index(Activity.batch, name="activity_batch"))
# At most one active sprint per board (0004).
Sprint.add_index(Sprint.index(Sprint.board, unique=True, name="sprint_one_active_per_board")
                 .where(Sprint.status == "active"))
TimeEntry.add_index(TimeEntry.index(TimeEntry.end_utc, name="time_entry_end"))
# The number an entry is known by, kept by every version of it (0003).
NUMBER = pw.fn.COALESCE(TimeEntry.entry_no, TimeEntry.id)
TimeEntry.add_index(TimeEntry.index(NUMBER, name="time_entry_number"))
TimeEntry.add_index(TimeEntry.index(NUMBER, unique=True, name="time_entry_current_number")
                    .where(TimeEntry.superseded_by.is_null()))

# Billing (0006) lives in its own module, which builds on the tables above: import it through
# this one (``t.Invoice``), never on its own.
from fcc.store.tables_billing import (  # noqa: E402
    Approval,
    ApprovalEntry,
    ApprovalTotal,
    Invoice,
    InvoiceEntry,
    InvoiceLine,
    InvoiceSequence,
)

ALL_TABLES: list[type[pw.Model]] = [
    Client, Project, Board, BoardColumn, SwimLane, Sprint, WorkItem, Dependency, Comment,
    TimeEntry, Vision, Cycle, Goal, Tactic, WeeklyPlan, PlanItem, Approval, Activity,
    SessionState, Setting, Measure, MeasureValue, JournalSession, JournalMessage,
    ApprovalEntry, ApprovalTotal, Invoice, InvoiceLine, InvoiceEntry, InvoiceSequence,
]
