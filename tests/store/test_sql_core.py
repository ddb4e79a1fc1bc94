"""The SQL core (store/sql/) on both backends, on the store's own cursor: the functions the
store's verbs and the quick paths share give the store's answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store import records as rec
from fcc.store.money import hours, money
from fcc.store.sql import activity, catalog, timers, totals
from fcc.store.sql.dialect import POSTGRES, SQLITE

H = dt.timedelta(hours=1)


def seeded(store, clock):
    store.create_client({"name": "Acme", "hourly_rate": Decimal("90"), "currency": "USD"})
    store.create_project({"name": "Übersetzung", "client": "Acme"})
    store.create_project({"name": "Solo", "hourly_rate": Decimal("12.5")})
    store.create_project({"name": "Web"})
    now = clock.now()
    store.add_entry("Solo", now - 3 * H, now - 2 * H)
    store.start_timer("acme/übersetzung", at=now - H, note="n", tags=["t"])
    return store.db.cursor(), store.dialect


def test_the_dialect_is_the_backends(store):
    assert store.dialect is (SQLITE if store.target.path is not None else POSTGRES)


def test_running_rows_and_entry_values_are_the_stores_entries(store, clock):
    cur, d = seeded(store, clock)
    rows = timers.running_rows(cur, d)
    assert [rec.entry_from_row(r) for r in rows] == store.running()
    values = timers.entry_values(rows[0])
    assert values["project"] == "Acme/Übersetzung" and values["tags"] == ("t",)
    assert values["rate"] == Decimal("90.00") and values["currency"] == "USD"
    assert values["start"] == clock.now() - H and values["end"] is None
    assert len(values["uuid"]) == 36 and values["uuid"].count("-") == 4
    assert not rows[0][timers.PARALLEL]
    row = timers.row_by_id(cur, d, values["id"])
    assert row is not None and timers.entry_values(row) == values
    assert timers.row_by_id(cur, d, 999_999) is None


def test_overlapping_names_the_clashing_rows(store, clock):
    cur, d = seeded(store, clock)
    now = int(clock.now().timestamp())
    solo, running = store.entries()
    assert timers.overlapping(cur, d, now - 4 * 3600, now - 3 * 3600 - 60) == []
    assert timers.overlapping(cur, d, now - 4 * 3600, now - 2 * 3600 - 60) == [solo.id]
    assert timers.overlapping(cur, d, now - 150 * 60, None) == [solo.id, running.id]
    assert timers.overlapping(cur, d, now - 150 * 60, None, ignore=solo.no) == [running.id]
    assert timers.overlapping(cur, d, now - 2 * 3600, now - 3600) == []  # ends touch


def test_projects_by_name_fold_unicode_alike_on_both_backends(store, clock):
    cur, d = seeded(store, clock)
    rows = catalog.project_rows(cur, d)
    for spec in ("übersetzung", "ÜBERSETZUNG", "acme/Übersetzung", " Acme / übersetzung "):
        found = catalog.matching_projects(rows, spec)
        assert [catalog.label(r) for r in found] == ["Acme/Übersetzung"], spec
    assert catalog.matching_projects(rows, "/Solo")[0][catalog.NAME] == "Solo"
    assert catalog.matching_projects(rows, "Acme/Solo") == []
    assert catalog.matching_projects(rows, "Nope") == []
    store.merge_project("Web", "Solo")
    rows = catalog.project_rows(cur, d)
    (web,) = catalog.matching_projects(rows, "Web")  # merged: found, and its survivor
    assert catalog.survivor(cur, d, web[catalog.ID])[catalog.NAME] == "Solo"


def test_rate_for_takes_the_project_then_the_client_then_the_default(store, clock):
    cur, d = seeded(store, clock)
    ids = {p.name: p.id for p in store.list_projects()}
    assert catalog.rate_for(cur, d, ids["Übersetzung"], None, "EUR") == (Decimal("90.00"), "USD")
    assert catalog.rate_for(cur, d, ids["Solo"], None, "EUR") == (Decimal("12.50"), "EUR")
    assert catalog.rate_for(cur, d, ids["Web"], None, "CHF") == (None, "CHF")
    assert store.rate_for(ids["Solo"]) == (Decimal("12.50"), store.prefs.currency)


def test_the_activity_log_row_is_the_stores(store, clock):
    cur, d = seeded(store, clock)
    last = store.change_counter()
    entry = store.running()[0]
    new = activity.log(cur, d, uuid="0" * 32, actor="me", entity="time_entry",
                       entity_id=entry.id, action="test", batch=None,
                       before=None, after=activity.plain(rec.as_dict(entry)), at=0)
    assert new > last and store.change_counter() == new
    assert activity.plain({"a": Decimal("1.50"), "b": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}) \
        == {"a": "1.50", "b": "2026-01-02T00:00:00+00:00"}


def test_the_status_totals_count_today_and_the_week(store, clock):
    cur, d = seeded(store, clock)
    week_first, today_s, week_s = totals.today_and_week(cur, d, store.prefs, clock.now())
    assert (today_s, week_s) == (2 * 3600, 2 * 3600) == store.status_totals(clock.now())
    assert week_first.weekday() == store.prefs.week_start


def test_money_and_hours():
    assert money(None) is None and money(0.1) == Decimal("0.10") and money(12.5) == Decimal("12.50")
    assert money(Decimal("90")) == Decimal("90.00") and str(money("7")) == "7.00"
    assert hours(450) == Decimal("0.12") and hours(5400) == Decimal("1.50")  # half to even
