"""0005 — plans: what the 12-week year needs beyond 0001's vision, cycle, goal, tactic,
weekly_plan and plan_item tables, and the midpoint lock enforced by the database.

- ``vision.three_year``: the 3-year picture beside the long-term ``body``.
- ``measure``: a goal's lag measure (the result) and lead measures (the actions), each with a
  target, and either typed by hand (``source = 'manual'``, values in ``measure_value``) or
  computed from fcc's own data (``'hours'`` tracked or ``'billed'`` amount, on the projects,
  clients, cards and tags its ``scope`` JSON names), per ``period`` ('cycle' or 'week').
  Replaces ``goal.lag_*`` / ``goal.lead_*`` (copied over, then dropped: one place for a measure).
- ``measure_value``: a hand-typed measure's value for week N (1-12) or the cycle (0).
- ``tactic.work_item_id`` / ``project_id`` / ``position``: what a tactic is worked on, its order.
- ``plan_item.dropped_at`` / ``drop_reason`` / ``origin_id`` / ``origin_kind`` / ``created_at``:
  an item dropped with a reason, recommitted from (or broken down from) an earlier item.
- ``journal_session`` / ``journal_message``: one thread of timestamped notes per week of a cycle
  (week 13 is the review week), written in the weekly review and any time from the Plan pane.
- Triggers (both backends): once ``cycle.midpoint_locked_at`` is set it never changes (nor does
  the cycle's start); setting it locks weeks 7-12 (``weekly_plan.locked``); a locked cycle's
  weeks 7-12 refuse a quota change, an unlock, a move to another week or cycle, a delete, and no
  week 7-12 row can be added to it.

``down()`` drops the new tables, columns and triggers and copies each goal's first lag and lead
measure back into the goal's columns (``DOWN_NOTE`` says what is lost).
"""

from __future__ import annotations

import uuid

import peewee as pw

VERSION = 5
NAME = "plans"

DOWN_NOTE = ("goals keep one lag and one lead measure (typed values only, computed bindings and "
             "weekly values are lost); the journal, tactics' links, dropped and recommitted "
             "items' history and the 3-year vision are lost; the midpoint lock is no longer "
             "enforced")

MIDPOINT_MSG = ("weeks 7-12 are locked at the midpoint: their quotas cannot change, be unlocked "
                "or be removed")
CYCLE_MSG = ("the midpoint lock is permanent: the midpoint_locked_at and start_date of a cycle "
             "cannot change once it is set")


# --- frozen tables (as at version 5) -------------------------------------------------------

class _Base(pw.Model):
    id = pw.AutoField()
    uuid = pw.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        legacy_table_names = False


class Cycle(_Base):
    pass


class Goal(_Base):
    pass


class Measure(_Base):
    goal = pw.ForeignKeyField(Goal, on_delete="CASCADE", backref="measures")
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
    created_at = pw.BigIntegerField()
    updated_at = pw.BigIntegerField()


class MeasureValue(_Base):
    measure = pw.ForeignKeyField(Measure, on_delete="CASCADE", backref="values")
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 0 AND 12")])  # 0: the cycle
    value = pw.DecimalField(max_digits=14, decimal_places=2, auto_round=True)
    recorded_at = pw.BigIntegerField()

    class Meta:
        indexes = ((("measure", "week"), True),)


class JournalSession(_Base):
    cycle = pw.ForeignKeyField(Cycle, on_delete="CASCADE", backref="journal")
    week = pw.IntegerField(constraints=[pw.Check("week BETWEEN 1 AND 13")])  # 13: review week
    title = pw.CharField(max_length=200, default="")
    created_at = pw.BigIntegerField()

    class Meta:
        indexes = ((("cycle", "week"), True),)


class JournalMessage(_Base):
    session = pw.ForeignKeyField(JournalSession, on_delete="CASCADE", backref="messages")
    kind = pw.CharField(max_length=6, default="note",
                        constraints=[pw.Check("kind IN ('note', 'review')")])
    body = pw.TextField(constraints=[pw.Check("length(body) > 0")])
    at = pw.BigIntegerField()
    zone = pw.CharField(max_length=64)
    edited_at = pw.BigIntegerField(null=True)

    class Meta:
        indexes = ((("session", "at"), False),)


NEW_TABLES: list[type[pw.Model]] = [Measure, MeasureValue, JournalSession, JournalMessage]


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


# --- the midpoint lock ---------------------------------------------------------------------

def _sqlite_rules() -> list[str]:
    locked = ("EXISTS (SELECT 1 FROM cycle WHERE id IN (OLD.cycle_id, NEW.cycle_id) "
              "AND midpoint_locked_at IS NOT NULL)")
    return [
        f"""CREATE TRIGGER cycle_midpoint_kept BEFORE UPDATE ON cycle
WHEN OLD.midpoint_locked_at IS NOT NULL
 AND (NEW.midpoint_locked_at IS NOT OLD.midpoint_locked_at OR NEW.start_date IS NOT OLD.start_date)
BEGIN SELECT RAISE(ABORT, '{CYCLE_MSG}'); END""",
        """CREATE TRIGGER cycle_midpoint_locks AFTER UPDATE OF midpoint_locked_at ON cycle
WHEN OLD.midpoint_locked_at IS NULL AND NEW.midpoint_locked_at IS NOT NULL
BEGIN UPDATE weekly_plan SET locked = 1 WHERE cycle_id = NEW.id AND week >= 7; END""",
        f"""CREATE TRIGGER weekly_plan_midpoint BEFORE UPDATE ON weekly_plan
WHEN (OLD.week >= 7 OR NEW.week >= 7)
 AND (NEW.quota IS NOT OLD.quota OR NEW.week IS NOT OLD.week
      OR NEW.cycle_id IS NOT OLD.cycle_id OR NOT NEW.locked)
 AND {locked}
BEGIN SELECT RAISE(ABORT, '{MIDPOINT_MSG}'); END""",
        f"""CREATE TRIGGER weekly_plan_midpoint_insert BEFORE INSERT ON weekly_plan
WHEN NEW.week >= 7 AND EXISTS (SELECT 1 FROM cycle WHERE id = NEW.cycle_id
                               AND midpoint_locked_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, '{MIDPOINT_MSG}'); END""",
        f"""CREATE TRIGGER weekly_plan_midpoint_delete BEFORE DELETE ON weekly_plan
WHEN OLD.week >= 7 AND EXISTS (SELECT 1 FROM cycle WHERE id = OLD.cycle_id
                               AND midpoint_locked_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, '{MIDPOINT_MSG}'); END""",
    ]


SQLITE_TRIGGERS = ("cycle_midpoint_kept", "cycle_midpoint_locks", "weekly_plan_midpoint",
                   "weekly_plan_midpoint_insert", "weekly_plan_midpoint_delete")


def _postgres_rules() -> list[str]:
    def function(name: str, body: str) -> str:
        return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fcc$
BEGIN
{body}
END
$fcc$"""

    def cycle_locked(ref: str) -> str:
        return (f"EXISTS (SELECT 1 FROM cycle WHERE id = {ref}.cycle_id "
                "AND midpoint_locked_at IS NOT NULL)")

    return [
        function("fcc_cycle_midpoint_kept", f"""  IF OLD.midpoint_locked_at IS NOT NULL AND (
       NEW.midpoint_locked_at IS DISTINCT FROM OLD.midpoint_locked_at
       OR NEW.start_date IS DISTINCT FROM OLD.start_date) THEN
    RAISE EXCEPTION '{CYCLE_MSG}';
  END IF;
  RETURN NEW;"""),
        "CREATE TRIGGER cycle_midpoint_kept BEFORE UPDATE ON cycle "
        "FOR EACH ROW EXECUTE FUNCTION fcc_cycle_midpoint_kept()",
        function("fcc_cycle_midpoint_locks", """  UPDATE weekly_plan SET locked = true
   WHERE cycle_id = NEW.id AND week >= 7;
  RETURN NULL;"""),
        "CREATE TRIGGER cycle_midpoint_locks AFTER UPDATE OF midpoint_locked_at ON cycle "
        "FOR EACH ROW WHEN (OLD.midpoint_locked_at IS NULL "
        "AND NEW.midpoint_locked_at IS NOT NULL) EXECUTE FUNCTION fcc_cycle_midpoint_locks()",
        function("fcc_weekly_plan_midpoint", f"""  IF TG_OP = 'INSERT' THEN
    IF NEW.week >= 7 AND {cycle_locked('NEW')} THEN
      RAISE EXCEPTION '{MIDPOINT_MSG}';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.week >= 7 AND {cycle_locked('OLD')} THEN
      RAISE EXCEPTION '{MIDPOINT_MSG}';
    END IF;
    RETURN OLD;
  END IF;
  IF (OLD.week >= 7 OR NEW.week >= 7)
     AND (NEW.quota IS DISTINCT FROM OLD.quota OR NEW.week IS DISTINCT FROM OLD.week
          OR NEW.cycle_id IS DISTINCT FROM OLD.cycle_id OR NOT NEW.locked)
     AND ({cycle_locked('OLD')} OR {cycle_locked('NEW')}) THEN
    RAISE EXCEPTION '{MIDPOINT_MSG}';
  END IF;
  RETURN NEW;"""),
        "CREATE TRIGGER weekly_plan_midpoint BEFORE INSERT OR UPDATE OR DELETE ON weekly_plan "
        "FOR EACH ROW EXECUTE FUNCTION fcc_weekly_plan_midpoint()",
    ]


PG_FUNCTIONS = ("fcc_cycle_midpoint_kept", "fcc_cycle_midpoint_locks", "fcc_weekly_plan_midpoint")
PG_TRIGGERS = (("cycle_midpoint_kept", "cycle"), ("cycle_midpoint_locks", "cycle"),
               ("weekly_plan_midpoint", "weekly_plan"))


# --- up / down -----------------------------------------------------------------------------

def up(db: pw.Database) -> None:
    pg = _is_postgres(db)
    epoch = "BIGINT" if pg else "INTEGER"  # what peewee makes of a UtcField
    with db.bind_ctx(NEW_TABLES + [Cycle, Goal]):
        db.create_tables(NEW_TABLES, safe=False)
        _measures_from_goals(db)
    for sql in (
        "ALTER TABLE vision ADD COLUMN three_year TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE tactic ADD COLUMN work_item_id INTEGER "
        "REFERENCES work_item (id) ON DELETE SET NULL",
        "ALTER TABLE tactic ADD COLUMN project_id INTEGER "
        "REFERENCES project (id) ON DELETE SET NULL",
        "ALTER TABLE tactic ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        f"ALTER TABLE plan_item ADD COLUMN dropped_at {epoch}",
        "ALTER TABLE plan_item ADD COLUMN drop_reason TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE plan_item ADD COLUMN origin_id INTEGER "
        "REFERENCES plan_item (id) ON DELETE SET NULL",
        "ALTER TABLE plan_item ADD COLUMN origin_kind VARCHAR(9) "
        "CHECK (origin_kind IN ('recommit', 'breakdown'))",
        f"ALTER TABLE plan_item ADD COLUMN created_at {epoch}",
        "CREATE INDEX tactic_work_item_id ON tactic (work_item_id)",
        "CREATE INDEX tactic_project_id ON tactic (project_id)",
        "CREATE INDEX plan_item_origin_id ON plan_item (origin_id)",
        "ALTER TABLE goal DROP COLUMN lag_measure",
        "ALTER TABLE goal DROP COLUMN lag_target",
        "ALTER TABLE goal DROP COLUMN lag_actual",
        "ALTER TABLE goal DROP COLUMN lead_measure",
        "ALTER TABLE goal DROP COLUMN lead_target",
    ):
        db.execute_sql(sql)
    # A cycle whose midpoint was set before the lock was enforced: lock its second half now,
    # or the trigger would refuse every later write to those weeks (even their scores).
    db.execute_sql(f"UPDATE weekly_plan SET locked = {'TRUE' if pg else '1'} WHERE week >= 7 "
                   "AND cycle_id IN (SELECT id FROM cycle WHERE midpoint_locked_at IS NOT NULL)")
    for sql in (_postgres_rules() if pg else _sqlite_rules()):
        db.execute_sql(sql)


def _measures_from_goals(db: pw.Database) -> None:
    """Each goal's lag and lead columns become measure rows (a typed lag actual its cycle
    value), in the goal's own time."""
    goals = db.execute_sql(
        "SELECT id, lag_measure, lag_target, lag_actual, lead_measure, lead_target, created_at "
        "FROM goal ORDER BY id").fetchall()
    for gid, lag, lag_t, lag_a, lead, lead_t, created in goals:
        if lag or lag_t is not None or lag_a is not None:
            measure = Measure.create(goal=gid, kind="lag", name=lag or "Result", target=lag_t,
                                     period="cycle", created_at=created, updated_at=created)
            if lag_a is not None:
                MeasureValue.create(measure=measure.id, week=0, value=lag_a, recorded_at=created)
        if lead or lead_t is not None:
            Measure.create(goal=gid, kind="lead", name=lead or "Actions", target=lead_t,
                           period="week", position=1, created_at=created, updated_at=created)


def down(db: pw.Database) -> None:
    pg = _is_postgres(db)
    if pg:
        for name, table in PG_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER {name} ON {table}")
        for fn in PG_FUNCTIONS:
            db.execute_sql(f"DROP FUNCTION {fn}()")
    else:
        for name in SQLITE_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER {name}")
    for sql in (
        "ALTER TABLE goal ADD COLUMN lag_measure VARCHAR(200) NOT NULL DEFAULT ''",
        "ALTER TABLE goal ADD COLUMN lag_target DECIMAL(14, 2)",
        "ALTER TABLE goal ADD COLUMN lag_actual DECIMAL(14, 2)",
        "ALTER TABLE goal ADD COLUMN lead_measure VARCHAR(200) NOT NULL DEFAULT ''",
        "ALTER TABLE goal ADD COLUMN lead_target DECIMAL(14, 2)",
    ):
        db.execute_sql(sql.replace("DECIMAL", "NUMERIC") if pg else sql)
    _goals_from_measures(db)
    for sql in ("DROP INDEX plan_item_origin_id", "DROP INDEX tactic_project_id",
                "DROP INDEX tactic_work_item_id"):
        db.execute_sql(sql)
    drops = [("plan_item", "created_at"), ("plan_item", "origin_kind"), ("plan_item", "origin_id"),
             ("plan_item", "drop_reason"), ("plan_item", "dropped_at"), ("tactic", "position"),
             ("tactic", "project_id"), ("tactic", "work_item_id"), ("vision", "three_year")]
    if pg:
        for table, column in drops:
            db.execute_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        # SQLite cannot drop a column a foreign key uses: those tables are rebuilt (the
        # migrator runs with foreign keys off, so the rebuild cascades nothing).
        from playhouse.migrate import SqliteMigrator, migrate

        migrator = SqliteMigrator(db)
        migrate(*(migrator.drop_column(table, column, legacy=column.endswith("_id"))
                  for table, column in drops))
    with db.bind_ctx(NEW_TABLES + [Cycle, Goal]):
        db.drop_tables(list(reversed(NEW_TABLES)), safe=False)


def _goals_from_measures(db: pw.Database) -> None:
    """Each goal's first lag measure (with its typed cycle value) and first lead measure."""
    rows = db.execute_sql(
        "SELECT m.goal_id, m.kind, m.name, m.target, v.value FROM measure m "
        "LEFT JOIN measure_value v ON v.measure_id = m.id AND v.week = 0 "
        "ORDER BY m.goal_id, m.kind, m.position, m.id").fetchall()
    ph = "%s" if _is_postgres(db) else "?"
    seen: set[tuple[int, str]] = set()
    for goal, kind, name, target, value in rows:
        if (goal, kind) in seen:
            continue
        seen.add((goal, kind))
        if kind == "lag":
            db.execute_sql(f"UPDATE goal SET lag_measure = {ph}, lag_target = {ph}, "
                           f"lag_actual = {ph} WHERE id = {ph}", (name, target, value, goal))
        else:
            db.execute_sql(f"UPDATE goal SET lead_measure = {ph}, lead_target = {ph} "
                           f"WHERE id = {ph}", (name, target, goal))
