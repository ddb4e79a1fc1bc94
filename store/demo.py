"""A deterministic demo workspace: a freelance web consultant with three clients.

``seed_demo(store)`` fills a freshly migrated, empty database. Every random choice comes from
one ``random.Random(SEED)`` and every ``uuid`` from that generator too, and "now" is the
store's clock, so two runs on the same clock write identical rows. Dates are laid out
relative to now: today is in week 8 of the 12-week cycle (the user's today and week start, as
the plan verbs count), the active sprint contains today, the time log covers the last four
weeks and ends with one timer running.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import peewee as pw

from fcc.store import tables as t
from fcc.store.demo_billing import BillingCounts, client_billing
from fcc.store.demo_data import (
    ACTOR,
    ADMIN_NOTES,
    ARCHIVED,
    CLIENTS,
    COLUMN_KEYS,
    COLUMNS,
    COMMENTS,
    DAY,
    DELETED,
    DEPENDENCIES,
    DURATIONS,
    HIDDEN,
    ITEM_NOTES,
    ITEM_RATES,
    ITEMS,
    LANES,
    MINUTE,
    OTHER_NOTES,
    OVERDUE,
    PROJECTS,
    SEED,
    UTC,
    WORK_END,
    WORK_START,
    ZONE,
)
from fcc.store.errors import FccError
from fcc.store.rows import tuples

if TYPE_CHECKING:

    from fcc.store.api import Store

@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the seed wrote."""

    clients: int
    projects: int
    boards: int
    sprints: int
    work_items: int
    dependencies: int
    comments: int
    time_entries: int
    running_timers: int
    goals: int
    measures: int
    tactics: int
    weekly_plans: int
    plan_items: int
    journal_notes: int
    approvals: int
    invoices: int  # credit notes included
    activities: int


def seed_demo(store: Store) -> DemoSummary:
    """Fill an empty, migrated database with the demo; all or nothing."""
    with store.db.atomic():
        # The demo's ids, names and dates assume an empty workspace; never mix it into data.
        if any(m.select().exists() for m in (t.Client, t.Project, t.WorkItem, t.TimeEntry)):
            raise FccError("demo: the database is not empty; seed a new workspace instead")
        return _Seeder(store).run()


def _insert(model: type[t.BaseTable], rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert; the new ids in row order.

    Ids are looked up by the rows' own uuids: portable, and independent of how each backend
    reports the ids of a multi-row insert.
    """
    # peewee takes the column list from the first row and silently drops other keys.
    if len({frozenset(r) for r in rows}) != 1:
        raise ValueError(f"{model.__name__}: rows must all have the same keys")
    for batch in pw.chunked(rows, 50):  # stays under SQLite's bound-parameter limit
        model.insert_many(batch).execute()
    uuids = [r["uuid"] for r in rows]
    ids = dict(tuples(model.select(model.uuid, model.id).where(model.uuid.in_(uuids))))
    return [ids[u] for u in uuids]


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


class _Seeder:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.next_entry_id = store._next_entry_id
        # The plan counts weeks as the plan verbs do: the user's today and week start.
        self.prefs, self.plan_today = store.prefs, store._today()
        self.rng = random.Random(SEED)
        self.now = now = store.clock.now()
        self.today = now.date()  # the cycle and sprints count days in UTC
        self.monday = self.today - dt.timedelta(days=self.today.weekday())
        self.zone = ZoneInfo(ZONE)
        self.activity: list[tuple[dt.datetime, str, str, str, Any, Any]] = []

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def ago(self, low: dt.timedelta, high: dt.timedelta) -> dt.datetime:
        """A whole-second instant between ``high`` and ``low`` before now."""
        span = int((high - low).total_seconds())
        return self.now - low - dt.timedelta(seconds=self.rng.randint(0, span))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        return start + dt.timedelta(seconds=self.rng.randint(0, int((end - start).total_seconds())))

    def log(self, at: dt.datetime, entity: str, entity_id: object, action: str,
            before: Any = None, after: Any = None) -> None:
        self.activity.append((at, entity, str(entity_id), action, before, after))

    def run(self) -> DemoSummary:
        self.clients_and_projects()
        self.board()
        self.work_items()
        self.dependencies_and_comments()
        self.time_entries()
        self.plan()
        billing = self.billing()
        self.n_entries += billing.versions  # the fresh versions a voided invoice gave
        from fcc.store.demo_boards import BoardExtras

        blocks = BoardExtras(self.now, self.items, _insert).run()
        n_activity = self.activity_and_session()
        return DemoSummary(
            clients=len(CLIENTS), projects=len(PROJECTS), boards=1, sprints=3,
            work_items=len(ITEMS), dependencies=len(DEPENDENCIES) + blocks,
            comments=len(COMMENTS),
            time_entries=self.n_entries, running_timers=1,
            goals=self.plan_counts.goals,
            measures=self.plan_counts.measures, tactics=self.plan_counts.tactics,
            weekly_plans=12, plan_items=self.plan_counts.plan_items,
            journal_notes=self.plan_counts.journal_notes, approvals=billing.approvals,
            invoices=billing.invoices, activities=n_activity,
        )

    # --- clients and projects --------------------------------------------------------------

    def clients_and_projects(self) -> None:
        rows: list[dict[str, Any]] = []
        for key, name, email, currency, rate, rounding in CLIENTS:
            created = self.ago(150 * DAY, 200 * DAY)
            minutes, mode, scope = rounding or (None, None, None)
            rows.append(dict(
                uuid=self.uuid(), name=name, email=email, currency=currency,
                hourly_rate=Decimal(rate), round_minutes=minutes, round_mode=mode,
                round_scope=scope, created_at=created, updated_at=self.between(created, self.now),
                **client_billing(key),
            ))
        ids = _insert(t.Client, rows)
        self.clients: dict[str, tuple[int, str, Decimal | None]] = {
            c[0]: (cid, c[3], Decimal(c[4])) for c, cid in zip(CLIENTS, ids, strict=True)}
        for row, cid in zip(rows, ids, strict=True):  # logged by row id, as the store logs
            self.log(row["created_at"], "client", cid, "create", None,
                     {"name": row["name"], "currency": row["currency"],
                      "hourly_rate": str(row["hourly_rate"])})

        projects: list[dict[str, Any]] = []
        for _key, owner, title, own_rate, budget, _weight in PROJECTS:
            created = self.ago(60 * DAY, 140 * DAY)
            projects.append(dict(
                uuid=self.uuid(), client=self.clients[owner][0] if owner else None, name=title,
                hourly_rate=Decimal(own_rate) if own_rate else None,
                budget_hours=Decimal(budget) if budget else None,
                created_at=created, updated_at=self.between(created, self.now),
            ))
        ids = _insert(t.Project, projects)
        self.projects: dict[str, dict[str, Any]] = {}
        for (key, owner, _title, own_rate, *_), pid in zip(PROJECTS, ids, strict=True):
            _cid, currency, client_rate = self.clients[owner] if owner else (0, "EUR", None)
            self.projects[key] = dict(id=pid, currency=currency,
                                      rate=Decimal(own_rate) if own_rate else client_rate,
                                      internal=owner is None)

    # --- the board -------------------------------------------------------------------------

    def board(self) -> None:
        board_created = self.ago(55 * DAY, 60 * DAY)
        [self.board_id] = _insert(t.Board, [dict(uuid=self.uuid(), name="Client work",
                                                 created_at=board_created)])
        ids = _insert(t.BoardColumn, [
            dict(uuid=self.uuid(), board=self.board_id, name=name, position=i, wip_limit=wip,
                 is_done=done) for i, (name, wip, done) in enumerate(COLUMNS)])
        self.columns = dict(zip(COLUMN_KEYS, ids, strict=True))
        ids = _insert(t.SwimLane, [dict(uuid=self.uuid(), board=self.board_id, name=name,
                                        position=i) for i, name in enumerate(LANES)])
        self.lanes = dict(zip(LANES, ids, strict=True))
        # Two-week sprints: the active one started last Monday, so it contains today.
        start = self.monday - dt.timedelta(weeks=1)
        rows = []
        for offset, status, goal in ((-2, "completed", "Catalogue migration live"),
                                     (0, "active", "Checkout ready for Black Friday"),
                                     (2, "planned", "Partner API beta")):
            begin = start + dt.timedelta(weeks=offset)
            rows.append(dict(uuid=self.uuid(), board=self.board_id, goal=goal, status=status,
                             name=f"Sprint {begin.isocalendar().week}", start_date=begin,
                             end_date=begin + dt.timedelta(days=13)))
        ids = _insert(t.Sprint, rows)
        self.sprints = dict(zip(("completed", "active", "planned"), ids, strict=True))

    def work_items(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        pending: list[tuple[str, str | None, dict[str, Any]]] = []
        positions: dict[str, int] = {}
        # Hidden (deleted or archived) items go last so the visible ones number 0..n per column.
        for key, project, kind, parent, col, title in sorted(ITEMS, key=lambda i: i[0] in HIDDEN):
            rng = self.rng
            priority = rng.randint(0, 2) if kind == "bug" else rng.randint(1, 4)
            # Items on the board's right-hand side predate the four weeks of logged time.
            created = self.ago(3 * DAY, 50 * DAY) if col == "B" else self.ago(29 * DAY, 50 * DAY)
            due = None
            if key in OVERDUE:
                due = self.today - dt.timedelta(days=OVERDUE[key])
            elif kind != "epic" and (col in "TIR" or col == "B" and rng.random() < 0.25):
                due = self.today + dt.timedelta(days=rng.randint(2, 30))
            sprint: int | None
            if col == "D":
                sprint = self.sprints["completed" if rng.random() < 0.7 else "active"]
            elif col in "TIR":
                sprint = self.sprints["active"]
            else:
                sprint = self.sprints["planned"] if kind != "epic" and rng.random() < 0.4 else None
            lane = "Internal" if project == "admin" else "Expedite" if priority == 0 else "Standard"
            positions[col] = positions.get(col, -1) + 1
            rate = Decimal(ITEM_RATES[key]) if key in ITEM_RATES else None
            row = dict(
                uuid=self.uuid(), board=self.board_id, project=self.projects[project]["id"],
                type=kind, title=title, priority=priority,
                description=f"Everything for the {title.lower()}." if kind == "epic" else "",
                estimate_minutes=(None if kind == "epic" or rng.random() < 0.3
                                  else rng.choice((30, 60, 90, 120, 180, 240, 360, 480))),
                due_date=due, sprint=sprint, column=self.columns[col], lane=self.lanes[lane],
                position=positions[col], hourly_rate=rate,
                deleted_at=self.ago(DAY, 4 * DAY) if key in DELETED else None,
                archived=key in ARCHIVED, created_at=created,
                updated_at=self.between(created, self.now),
            )
            pending.append((key, parent, row))
            self.items[key] = dict(project=project, kind=kind, col=col, title=title, rate=rate,
                                   created=created, uuid=row["uuid"], deleted_at=row["deleted_at"])
        # Parents first (the tree is one level deep), so each child can name its parent's id.
        for children in (False, True):
            batch = [(k, p, r) for k, p, r in pending if (p is not None) is children]
            rows = [dict(r, parent=self.items[p]["id"] if p else None) for _k, p, r in batch]
            for (key, _p, _r), item_id in zip(batch, _insert(t.WorkItem, rows), strict=True):
                self.items[key]["id"] = item_id
        for key in sorted(DELETED):
            item = self.items[key]
            self.log(item["deleted_at"], "work_item", item["id"], "delete")

    def dependencies_and_comments(self) -> None:
        items = self.items
        _insert(t.Dependency, [
            dict(uuid=self.uuid(), blocker=items[a]["id"], blocked=items[b]["id"],
                 created_at=self.between(max(items[a]["created"], items[b]["created"]), self.now))
            for a, b in DEPENDENCIES])
        rows = [dict(uuid=self.uuid(), work_item=items[key]["id"], author=author, body=body,
                     created_at=self.between(items[key]["created"], self.now))
                for key, author, body in COMMENTS]
        _insert(t.Comment, sorted(rows, key=lambda r: r["created_at"]))  # ids follow time

    # --- the time log ----------------------------------------------------------------------

    def local(self, day: dt.date, minutes: int) -> dt.datetime:
        """Berlin wall-clock time on ``day`` as an aware UTC instant."""
        wall = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=self.zone)
        return wall.astimezone(UTC)

    def entry(self, start: dt.datetime, end: dt.datetime | None, project_key: str,
              item_key: str | None, note: str, tags: list[str]) -> dict[str, Any]:
        project = self.projects[project_key]
        item = self.items[item_key] if item_key else None
        # The rate is a snapshot: work item, else project, else client rate (None if internal).
        rate = item["rate"] if item and item["rate"] is not None else project["rate"]
        return dict(
            uuid=self.uuid(), project=project["id"], work_item=item["id"] if item else None,
            start_utc=start, end_utc=end, zone=ZONE, note=note, tags=_json(tags),
            billable=not project["internal"] and self.rng.random() < 0.9,
            rate=rate, currency=project["currency"], created_at=end or start,
            voided_at=None, void_reason=None,
        )

    def day_entries(self, day: dt.date) -> list[dict[str, Any]]:
        """3-6 back-to-back-ish entries between 08:00 and 18:30 local time."""
        rng = self.rng
        names, weights = [p[0] for p in PROJECTS], [p[5] for p in PROJECTS]
        # Starting by 08:45 with gaps of at most 30 minutes, three entries of up to 3 h always
        # fit before 18:30; later ones are clipped to the end of the day or dropped.
        cursor = WORK_START + rng.randrange(0, 50, 5)
        out = []
        for _ in range(rng.randint(3, 6)):
            minutes = min(rng.choice(DURATIONS), WORK_END - cursor)
            if minutes < 15:
                break
            project = rng.choices(names, weights)[0]
            if self.loggable[project] and rng.random() < 0.7:
                item = rng.choice(self.loggable[project])
                title, kind = self.items[item]["title"], self.items[item]["kind"]
                if project == "admin":
                    note, tags = title, ["admin"]
                else:
                    note = rng.choice(ITEM_NOTES).format(title)
                    tags = ["bugfix", "dev"] if kind == "bug" else ["dev"]
                tags += [tag for tag in ("review", "pairing") if tag in note]
            else:
                item = None
                note, tags = rng.choice(ADMIN_NOTES if project == "admin" else OTHER_NOTES)
            out.append(self.entry(self.local(day, cursor), self.local(day, cursor + minutes),
                                  project, item, note, list(tags)))
            cursor += minutes + rng.choice((0, 5, 10, 15, 30))
        return out

    def time_entries(self) -> None:
        self.loggable = {p[0]: [k for k, i in self.items.items() if i["project"] == p[0]
                                and i["kind"] != "epic" and i["col"] != "B"
                                and i["deleted_at"] is None] for p in PROJECTS}
        running_start = self.now - 40 * MINUTE
        local_today = self.now.astimezone(self.zone).date()
        rows: list[dict[str, Any]] = []
        for back in range(27, -1, -1):
            day = local_today - dt.timedelta(days=back)
            if day.weekday() < 5:
                rows += self.day_entries(day)
        # Today's plan may reach past now: keep what had ended before the running timer began.
        rows = [r for r in rows if r["end_utc"] <= running_start]
        doing = self.rng.choice([k for k, i in self.items.items() if i["col"] == "I"])
        title = self.items[doing]["title"]
        rows.append(self.entry(running_start, None, self.items[doing]["project"], doing,
                               title, ["dev"]))
        ids = _insert(t.TimeEntry, rows)
        self.log(running_start, "time_entry", ids[-1], "start", None, {"note": title})

        # A correction: a timer left running 15 minutes too long. The new version is a new
        # row; the old one only gains superseded_by (the one change the trigger allows).
        half = len(rows) // 2
        k = self.rng.choice([i for i in range(half)
                             if rows[i]["end_utc"] - rows[i]["start_utc"] >= 45 * MINUTE])
        old = rows[k]
        fixed = dict(old, uuid=self.uuid(), end_utc=old["end_utc"] - 15 * MINUTE,
                     created_at=min(self.now, old["end_utc"] + DAY), entry_no=ids[k])
        # A duplicate logged from a second device, voided on the spot.
        src = rows[self.rng.randrange(half, len(rows) - 1)]  # never the running one (last)
        dup = dict(src, uuid=self.uuid(), created_at=src["end_utc"] + 2 * MINUTE,
                   voided_at=src["end_utc"] + 30 * MINUTE,
                   void_reason="Duplicate: logged on both laptop and phone")
        # The old row leaves "current" first (the link is deferred to commit): one current
        # row per entry number, as the store's corrections write them.
        fixed["id"] = fixed_id = self.next_entry_id()
        t.TimeEntry.update(superseded_by=fixed_id).where(t.TimeEntry.id == ids[k]).execute()
        _insert(t.TimeEntry, [fixed])
        [dup_id] = _insert(t.TimeEntry, [dup])
        self.log(fixed["created_at"], "time_entry", ids[k], "supersede",
                 {"end_utc": old["end_utc"].isoformat()},
                 {"end_utc": fixed["end_utc"].isoformat(), "superseded_by": fixed_id})
        self.log(dup["voided_at"], "time_entry", dup_id, "void", None,
                 {"void_reason": dup["void_reason"]})
        self.n_entries = len(rows) + 2

    # --- the 12-week year (store/demo_plans.py) --------------------------------------------

    def plan(self) -> None:
        from fcc.store.demo_plans import PlanSeeder

        ids = {"cards": {k: i["id"] for k, i in self.items.items()},
               "clients": {k: c[0] for k, c in self.clients.items()},
               "projects": {k: p["id"] for k, p in self.projects.items()}}
        self.plan_counts = PlanSeeder(self.now, self.plan_today, self.prefs.zone, self.prefs.tz,
                                      self.prefs.week_start, ids, _insert, self.log).run()

    # --- billing, activity, session ------------------------------------------------------

    def billing(self) -> BillingCounts:
        """Approvals of timesheets and invoices (store/demo_billing.py)."""
        from fcc.store.demo_billing import BillingSeeder

        clients = {k: c[0] for k, c in self.clients.items()}
        return BillingSeeder(self.store, self.now, self.monday, clients, _insert,
                             self.log).run()

    def activity_and_session(self) -> int:
        _insert(t.SessionState, [dict(uuid=self.uuid(), name="tui", last_pane="timers",
                                      selection="{}", filters="{}", updated_at=self.now)])
        self.log(self.now, "workspace", "demo", "seed", None,
                 {"seed": SEED, "time_entries": self.n_entries, "work_items": len(ITEMS)})
        ordered = sorted(self.activity, key=lambda a: a[0])  # stable: ids follow time
        _insert(t.Activity, [
            dict(uuid=self.uuid(), actor=ACTOR, entity=entity, entity_id=entity_id,
                 action=action, at=at, before=None if before is None else _json(before),
                 after=None if after is None else _json(after))
            for at, entity, entity_id, action, before, after in ordered])
        return len(ordered)
