"""The activity history (``store.activity_history``): readable diffs of entries, cards, plan
items and clients from the logged values, the filters, paging, and the latest-undoable flag,
which must name exactly the batch ``undo()`` then reverts. Both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import FccError, InvalidInput

H = dt.timedelta(hours=1)


@pytest.fixture
def world(store, clock):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "90"})
    store.create_project({"name": "Website", "client": "Acme"})
    clock.advance(minutes=1)
    return store


def fields(item) -> dict[str, tuple[str | None, str | None]]:
    return {c.field: (c.before, c.after) for c in item.changes}


def test_an_entry_added_amended_and_voided(world, clock):
    now = clock.now()
    n = world.add_entry("Acme/Website", now - 3 * H, now - 2 * H, note="morning").entry.no
    clock.advance(minutes=1)
    world.amend_entry(n, note="morning, amended", start=now - 4 * H)
    clock.advance(minutes=1)
    world.void_entry(n, "double")
    void, amend, add = world.activity_history(entity="entry")
    assert (add.kind, add.action, add.name) == ("entry", "add", f"entry {n} (Acme/Website)")
    created = fields(add)
    assert created["start"] == (None, "2026-11-23 08:31")  # 07:31 UTC in Berlin
    assert created["rate"] == (None, "90.00 EUR")
    assert created["billable"] == (None, "yes")
    assert "id" not in created and "uuid" not in created  # bookkeeping is left out
    assert fields(amend) == {"note": ("morning", "morning, amended"),
                             "start": ("2026-11-23 08:31", "2026-11-23 07:31")}
    assert amend.message.startswith(f"amended entry {n}")
    assert fields(void) == {"void_reason": ("—", "double"),
                            "voided_at": ("—", "2026-11-23 11:33")}
    assert void.at == clock.now()
    assert [i.undo for i in (void, amend, add)] == ["undoable", "older", "older"]


def test_a_card_created_edited_and_deleted(world):
    card = world.add_card({"title": "Fix login"})
    world.edit_card(card.id, {"title": "Fix the login", "priority": 1})
    world.delete_card(card.id)
    items = world.activity_history(entity="card")
    assert [i.action for i in items] == ["update", "update", "create"]  # soft delete
    deleted, edited, created = items
    assert edited.name == f"card #{card.id} Fix the login"
    assert fields(edited) == {"priority": ("2", "1"), "title": ("Fix login", "Fix the login")}
    assert fields(created)["title"] == (None, "Fix login")
    assert fields(deleted)["deleted_at"][0] == "—"
    # the board the first card made is another kind: not shown under card
    assert {i.kind for i in world.activity_history(entity="board")} == {"board", "column"}


def test_plan_items_and_their_week(world):
    world.start_cycle("2026-11-23")
    item = world.add_item("Write the proposal")
    world.check_item(item.id)
    checked, added = [i for i in world.activity_history(entity="plan")
                      if i.entity == "plan_item"]
    assert added.name == "plan item Write the proposal"
    assert fields(checked)["done"] == ("no", "yes")
    assert fields(checked)["done_at"] == ("—", "2026-11-23 11:31")
    assert {i.entity for i in world.activity_history(entity="plan")} >= {"cycle", "plan_item"}
    assert all(i.entity == "plan_item" for i in world.activity_history(entity="plan item"))


def test_a_client_changed_and_a_deleted_name_from_the_log(world):
    world.set_client("Acme", hourly_rate="100")
    world.rename_client("Acme", "Acme GmbH")
    renamed, rated, created = world.activity_history(entity="client")
    assert fields(rated) == {"hourly_rate": ("90.00 EUR", "100.00 EUR")}
    assert (renamed.name, fields(renamed)) == ("client Acme GmbH",
                                              {"name": ("Acme", "Acme GmbH")})
    assert created.name == "client Acme"  # as it was then, not as it is now
    project = world.activity_history(entity="project")[0]
    assert project.name == "project Acme/Website"
    assert "client_id" not in fields(project)  # named beside it: client_name


def test_filters_since_id_limit_and_pages(world, clock):
    now = clock.now()
    first = world.add_entry("Acme/Website", now - 3 * H, now - 2 * H).entry.no
    clock.advance(hours=2)
    second = world.add_entry("Acme/Website", now - 2 * H, now - H).entry.no
    world.amend_entry(first, note="later")
    assert [i.action for i in world.activity_history(entity="entry", entity_id=first)] == \
        ["amend", "add"]  # its versions, by the entry's number
    assert [i.name for i in world.activity_history(entity="entry", entity_id=second)] == \
        [f"entry {second} (Acme/Website)"]
    recent = world.activity_history(since=now + H)
    assert [i.action for i in recent] == ["amend", "add"]
    everything = world.activity_history()
    assert [i.entity for i in everything][-3:] == ["project", "client", "setting"]
    assert all(i.entity != "batch" for i in everything)
    page = world.activity_history(limit=2)
    rest = world.activity_history(before=page[-1].id)
    assert [i.id for i in page + rest] == [i.id for i in everything]
    with pytest.raises(InvalidInput, match="entity: expected one of .*entry"):
        world.activity_history(entity="nonsense")
    with pytest.raises(InvalidInput, match="limit"):
        world.activity_history(limit=0)
    with pytest.raises(InvalidInput, match="id: expected an entry number"):
        world.activity_history(entity="entry", entity_id="x")


def test_the_latest_undoable_flag_is_what_undo_undoes(world, clock):
    now = clock.now()
    world.add_entry("Acme/Website", now - 3 * H, now - 2 * H)
    card = world.add_card({"title": "Fix login"})
    world.edit_card(card.id, {"title": "Fix the login"})
    for _ in range(3):  # each time: the flagged batch is the one undo() reverts
        items = world.activity_history()
        flagged = {i.batch for i in items if i.undoable}
        assert len(flagged) == 1
        batch = flagged.pop()
        message = next(i.message for i in items if i.batch == batch)
        assert world.undo().message == f"undid: {message}"
        after = world.activity_history()
        assert {i.undo for i in after if i.batch == batch} == {"undone"}
        assert {i.undo for i in after if i.message.startswith("undid:")} == {"undo"}
    assert [i.undo for i in world.activity_history(entity="project")] == ["undoable"]


def test_undo_of_one_batch_refuses_when_another_came_after(world, clock):
    now = clock.now()
    world.add_entry("Acme/Website", now - 3 * H, now - 2 * H)
    latest = next(i for i in world.activity_history() if i.undoable)
    world.add_card({"title": "made meanwhile"})  # e.g. from another terminal
    with pytest.raises(FccError, match="no longer the latest"):
        world.undo(batch=latest.batch)
    assert world.activity_history(entity="card")[0].undo == "undoable"  # nothing undone
    card_batch = world.activity_history(entity="card")[0].batch
    assert world.undo(batch=card_batch).message == "undid: add card #1 made meanwhile"


def test_another_actors_change_and_billing_rows_are_not_undoable(world, store, clock):
    from fcc.store import tables as t

    world.actor = "sam"
    world.set_client("Acme", email="a@acme.test")
    world.actor = "me"
    mine = world.activity_history(entity="client")
    assert (mine[0].actor, mine[0].undo) == ("sam", "other")
    assert "sam" in mine[0].undo_note
    assert mine[1].undo == "older"
    # mine: undo passes over sam's change to the project made before it
    assert world.activity_history(entity="project")[0].undo == "undoable"
    with world.change("issue") as batch:  # an invoice's step, as the billing verbs log it
        batch.message = "issue invoice 2026-0001"
        world._log("invoice", 7, "issue", {"status": "draft", "number": None},
                   {"status": "issued", "number": "2026-0001", "total": "119.00",
                    "currency": "EUR", "issued_at": "2026-11-23T10:31:00+00:00"})
    item = world.activity_history(entity="invoice")[0]
    assert (item.name, item.undo) == ("invoice 2026-0001", "billing")
    assert fields(item)["total"] == ("—", "119.00 EUR")
    assert fields(item)["issued_at"] == ("—", "2026-11-23 11:31")
    assert "never undone" in item.undo_note
    assert t.Activity.select().where(t.Activity.entity == "invoice").count() == 1


def test_rows_without_a_batch_and_text_kept_as_data(world, clock):
    from fcc.store import tables as t

    t.Activity.insert(uuid=t.new_uuid().hex, actor="\x1b[31mimport", entity="work_item",
                      entity_id="9", action="delete",
                      before='{"title": "old\\u202e card", "estimate_minutes": 30}',
                      after=None, at=clock.now(), batch=None).execute()
    item = world.activity_history()[0]
    assert (item.undo, item.name, item.message) == ("no batch", "card #9 old\u202e card", "")
    assert fields(item) == {"estimate_minutes": ("30", None), "title": ("old\u202e card", None)}
    assert item.actor == "\x1b[31mimport"  # raw here: the front ends show it escaped
