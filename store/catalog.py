"""Clients and projects: create, find by name, rename, merge, archive, rates and rounding.

Names are matched by ``names.name_key`` (ignoring case and Unicode form, the same on every
backend), for finding, "did you mean" and uniqueness alike. A project is named ``PROJECT`` or
``CLIENT/PROJECT`` (needed when two clients have a project of the same name). A merged client
or project stays in the database (``merged_into``), so history keeps its ids; every query
resolves it to the survivor.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.base import StoreBase
from fcc.store.errors import InvalidInput, NotFound, UnknownId, UnknownName
from fcc.store.money import money
from fcc.store.names import close_matches, name_key, sort_key
from fcc.store.rounding import Rounding, from_columns
from fcc.store.rows import one_dict
from fcc.store.sql import catalog as sql_catalog

if TYPE_CHECKING:
    from fcc.store.inputs import ClientInput, ProjectInput

UNSET: Any = object()


class CatalogVerbs(StoreBase):
    # --- clients -----------------------------------------------------------------------------

    def create_client(self, data: dict[str, Any] | ClientInput) -> rec.Client:
        from fcc.store.inputs import ClientInput, parse  # pydantic loads only when needed

        value = data if isinstance(data, ClientInput) else parse(ClientInput, data)
        now = self.clock.now()
        with self.change("client add") as batch:
            self._check_client_name_free(value.name, "name")
            rule = value.rounding
            row = t.Client.create(
                name=value.name, email=value.email, currency=value.currency,
                hourly_rate=value.hourly_rate, created_at=now, updated_at=now,
                address=value.address, tax_id=value.tax_id, payment_terms=value.payment_terms,
                tax_rate=value.tax_rate, reverse_charge=value.reverse_charge,
                needs_approval=value.needs_approval, **_rule_columns(rule),
            )
            client = client_record(row)
            self._log("client", row.id, "create", None, rec.as_dict(client))
            batch.message = f"add client {client.name}"
        return client

    def list_clients(self, *, include_archived: bool = False) -> list[rec.Client]:
        query = t.Client.select().where(t.Client.merged_into.is_null())
        if not include_archived:
            query = query.where(~t.Client.archived)
        return sorted((client_record(r) for r in query), key=lambda c: sort_key(c.name))

    def find_client(self, name: str) -> rec.Client:
        return client_record(self._client_row(name))

    def _client_row(self, name: str) -> t.Client:
        """The client a name means (a merged one's survivor); where names differ only in case
        or form (written before the rule), the one spelled exactly so."""
        everyone = list(t.Client.select())
        key = name_key(name)
        rows = [r for r in everyone if name_key(r.name) == key]
        if not rows:
            raise UnknownName(f"client: no client named {name!r}"
                              + close_matches(name, [c.name for c in everyone]))
        by_id = {r.id: r for r in everyone}
        survivors = {_survivor(r, by_id).id: _survivor(r, by_id) for r in rows}
        if len(survivors) > 1:
            exact = [r for r in rows if r.name == " ".join(name.split())]
            if len(exact) != 1:
                raise InvalidInput("client", "one of " + ", ".join(sorted(r.name for r in rows))
                                   + " (they differ only in case or form: rename one)", name)
            return _survivor(exact[0], by_id)
        return next(iter(survivors.values()))

    def _check_client_name_free(self, name: str, field: str, row_id: int | None = None) -> None:
        key = name_key(name)
        for other in t.Client.select(t.Client.id, t.Client.name):
            if other.id != row_id and name_key(other.name) == key:
                raise InvalidInput(field, f"a client name not used yet ({other.name} exists)",
                                   name)

    def rename_client(self, name: str, new_name: str) -> rec.Client:
        from fcc.store.inputs import check_name

        new_name = check_name(new_name, "new name")
        with self.change("client rename") as batch:
            row = self._client_row(name)
            self._check_client_name_free(new_name, "new name", row.id)
            old = row.name
            self._update("client", row, name=new_name)
            batch.message = f"rename client {old} to {new_name}"
        return self.find_client(new_name)

    def set_client(self, name: str, *, email: Any = UNSET, currency: Any = UNSET,
                   hourly_rate: Any = UNSET, rounding: Any = UNSET, address: Any = UNSET,
                   tax_id: Any = UNSET, payment_terms: Any = UNSET, tax_rate: Any = UNSET,
                   reverse_charge: Any = UNSET, needs_approval: Any = UNSET) -> rec.Client:
        """Change a client's details. A new rate applies to entries started from now on; the
        billing details (address, tax id, terms, tax rate, reverse charge) to invoices issued
        from now on."""
        from fcc.store.inputs import ClientPatch

        given, changes = _patch(ClientPatch, rounding, email=email, currency=currency,
                                hourly_rate=hourly_rate, address=address, tax_id=tax_id,
                                payment_terms=payment_terms, tax_rate=tax_rate,
                                reverse_charge=reverse_charge, needs_approval=needs_approval)
        with self.change("client set") as batch:
            row = self._client_row(name)
            self._update("client", row, **changes)
            batch.message = f"change client {row.name}: " + _describe(given, rounding)
        return self.find_client(name)

    def archive_client(self, name: str, archived: bool = True) -> rec.Client:
        with self.change("client archive") as batch:
            row = self._client_row(name)
            self._update("client", row, archived=archived)
            for project in t.Project.select().where(t.Project.client == row.id,
                                                    t.Project.merged_into.is_null()):
                self._update("project", project, archived=archived)
            batch.message = f"{'archive' if archived else 'unarchive'} client {row.name}"
        return self.find_client(name)

    def merge_client(self, source: str, into: str) -> rec.Client:
        """Move every project (and so all history) of ``source`` to ``into``; projects with the
        same name are merged too. ``source`` is kept, archived, pointing at ``into``."""
        with self.change("client merge") as batch:
            src, dst = self._client_row(source), self._client_row(into)
            if src.id == dst.id:
                raise InvalidInput("into", "a different client than the one merged", into)
            theirs = list(t.Project.select().where(t.Project.client == dst.id))
            for project in t.Project.select().where(t.Project.client == src.id).order_by(
                    t.Project.id):  # the oldest first: a later twin merges into it
                twin = next((p for p in theirs if name_key(p.name) == name_key(project.name)),
                            None)
                if twin is not None:  # the merged row stays under src: names stay unique
                    while twin.merged_into_id is not None:
                        twin = t.Project.get_by_id(twin.merged_into_id)
                    if project.merged_into_id is None and twin.id != project.id:
                        self._merge_project_rows(project, twin)
                else:
                    self._update("project", project, client=dst.id)
                    theirs.append(project)  # a later twin (from before the rule) joins it
            for old in t.Client.select().where(t.Client.merged_into == src.id):
                self._update("client", old, merged_into=dst.id)
            self._update("client", src, merged_into=dst.id, archived=True)
            batch.message = f"merge client {src.name} into {dst.name}"
        return self.find_client(into)

    # --- projects ----------------------------------------------------------------------------

    def create_project(self, data: dict[str, Any] | ProjectInput) -> rec.Project:
        from fcc.store.inputs import ProjectInput, parse

        value = data if isinstance(data, ProjectInput) else parse(ProjectInput, data)
        now = self.clock.now()
        with self.change("project add") as batch:
            client = self._client_row(value.client) if value.client else None
            self._check_project_name_free(value.name, client.id if client else None, "name")
            row = t.Project.create(
                client=client, name=value.name, hourly_rate=value.hourly_rate,
                budget_hours=value.budget_hours, status=value.status,
                created_at=now, updated_at=now, **_rule_columns(value.rounding),
            )
            project = self.project_by_id(row.id)
            self._log("project", row.id, "create", None, rec.as_dict(project))
            batch.message = f"add project {project.label}"
        return project

    def ensure_project(self, name: str, client: str | None = None) -> rec.Project:
        """The project with this name (under this client), created when missing (imports)."""
        try:
            return self.find_project(f"{client}/{name}" if client else name)
        except NotFound:
            pass
        if client is not None:
            try:
                self._client_row(client)
            except NotFound:
                self.create_client({"name": client})
        return self.create_project({"name": name, "client": client})

    def project_by_id(self, project_id: int) -> rec.Project:
        row = (t.Project.select(t.Project, t.Client.name.alias("client_name"),
                                t.Client.currency.alias("client_currency"))
               .join(t.Client, pw.JOIN.LEFT_OUTER).where(t.Project.id == project_id)
               .objects().get_or_none())
        if row is None:
            raise UnknownId(f"project: no project with id {project_id}")
        return project_record(row)

    def list_projects(self, *, include_archived: bool = False,
                      client: str | None = None) -> list[rec.Project]:
        query = (t.Project.select(t.Project, t.Client.name.alias("client_name"),
                                  t.Client.currency.alias("client_currency"))
                 .join(t.Client, pw.JOIN.LEFT_OUTER)
                 .where(t.Project.merged_into.is_null()))
        if not include_archived:
            query = query.where(~t.Project.archived)
        if client is not None:
            query = query.where(t.Project.client == self._client_row(client).id)
        return sorted((project_record(r) for r in query.objects()),
                      key=lambda p: (sort_key(p.client_name), sort_key(p.name)))

    def find_project(self, spec: str) -> rec.Project:
        return self.project_by_id(self._project_row(spec).id)

    def _project_row(self, spec: str) -> t.Project:
        """``PROJECT``, ``CLIENT/PROJECT`` or ``/PROJECT`` (the one without a client); unknown
        or ambiguous names get an error listing the close matches."""
        text = spec.strip()
        if not text:
            raise InvalidInput("project", "a project name like Website or Acme/Website", spec)
        everything = sql_catalog.project_rows(self.db.cursor(), self.dialect)
        live = sql_catalog.matching_projects(everything, text)
        if len(live) > 1:
            labels = sorted(sql_catalog.label(r) for r in live)  # as projects are shown
            alone = next((r[sql_catalog.NAME] for r in live
                          if r[sql_catalog.CLIENT_ID] is None), None)
            how = "" if alone is None else f"; /{alone} is the one without a client"
            raise InvalidInput("project", f"one of {', '.join(labels)} (the name is ambiguous"
                               f"{how})", spec)
        if not live:
            known = [sql_catalog.label(r) for r in everything
                     if r[sql_catalog.MERGED_INTO] is None]
            known += [k.split("/", 1)[1] for k in known if "/" in k]
            raise UnknownName(f"project: no project named {spec!r}"
                              + close_matches(text.lstrip("/"), known))
        found = sql_catalog.survivor(self.db.cursor(), self.dialect, live[0][sql_catalog.ID])
        return t.Project.get_by_id(found[sql_catalog.ID])

    def rename_project(self, spec: str, new_name: str) -> rec.Project:
        from fcc.store.inputs import check_name

        new_name = check_name(new_name, "new name")
        with self.change("project rename") as batch:
            row = self._project_row(spec)
            self._check_project_name_free(new_name, row.client_id, "new name", row.id)
            old = row.name
            self._update("project", row, name=new_name)
            batch.message = f"rename project {old} to {new_name}"
        return self.project_by_id(row.id)

    def set_project(self, spec: str, *, hourly_rate: Any = UNSET, budget_hours: Any = UNSET,
                    status: Any = UNSET, rounding: Any = UNSET,
                    client: Any = UNSET) -> rec.Project:
        """Change a project's details. A new rate applies to entries started from now on."""
        from fcc.store.inputs import ProjectPatch

        given, changes = _patch(ProjectPatch, rounding, hourly_rate=hourly_rate,
                                budget_hours=budget_hours, status=status)
        with self.change("project set") as batch:
            row = self._project_row(spec)
            if client is not UNSET:
                changes["client"] = None if client is None else self._client_row(client).id
                given["client"] = client
                if changes["client"] != row.client_id:
                    self._check_project_name_free(row.name, changes["client"], "client", row.id,
                                                  given=client)
            self._update("project", row, **changes)
            batch.message = f"change project {_label_of(row)}: " + _describe(given, rounding)
        return self.project_by_id(row.id)

    def archive_project(self, spec: str, archived: bool = True) -> rec.Project:
        with self.change("project archive") as batch:
            row = self._project_row(spec)
            self._update("project", row, archived=archived)
            batch.message = f"{'archive' if archived else 'unarchive'} project {_label_of(row)}"
        return self.project_by_id(row.id)

    def merge_project(self, source: str, into: str) -> rec.Project:
        """All time, cards and boards of ``source`` count for ``into`` from now on; ``source``
        is kept (archived, pointing at ``into``) so every entry keeps its history."""
        with self.change("project merge") as batch:
            src, dst = self._project_row(source), self._project_row(into)
            if src.id == dst.id:
                raise InvalidInput("into", "a different project than the one merged", into)
            self._merge_project_rows(src, dst)
            batch.message = f"merge project {_label_of(src)} into {_label_of(dst)}"
        return self.project_by_id(dst.id)

    def _check_project_name_free(self, name: str, client_id: int | None, field: str,
                                 row_id: int | None = None, given: object = UNSET) -> None:
        """Refuse a name that one of the client's projects (or, for ``client_id`` None, one
        without a client) has by :func:`name_key`."""
        key = name_key(name)
        query = t.Project.select(t.Project.id, t.Project.name)
        query = query.where(t.Project.client.is_null() if client_id is None
                            else t.Project.client == client_id)
        for other in query:
            if other.id != row_id and name_key(other.name) == key:
                whose = "this client" if client_id is not None else "projects without a client"
                expected = (f"a project name not used yet for {whose} ({other.name} exists)"
                            if given is UNSET else
                            f"a client without a project named {other.name}")
                raise InvalidInput(field, expected, name if given is UNSET else given)

    def _merge_project_rows(self, src: t.Project, dst: t.Project) -> None:
        for old in t.Project.select().where(t.Project.merged_into == src.id):
            self._update("project", old, merged_into=dst.id)
        for item in t.WorkItem.select().where(t.WorkItem.project == src.id):
            self._update("work_item", item, project=dst.id)
        for board in t.Board.select().where(t.Board.project == src.id):
            self._update("board", board, project=dst.id)
        self._update("project", src, merged_into=dst.id, archived=True)

    def _update(self, entity: str, row: t.BaseTable, **changes: Any) -> None:
        """Change one row of a mutable table, logging it before and after."""
        model = type(row)
        before = _row_dict(row)
        if "updated_at" in model._meta.fields:
            changes["updated_at"] = self.clock.now()
        model.update(**changes).where(model.id == row.id).execute()
        self._log(entity, row.id, "update", before, _row_dict(model.get_by_id(row.id)))

    # --- what an entry is billed at ----------------------------------------------------------

    def rate_for(self, project_id: int, work_item_id: int | None = None
                 ) -> tuple[Decimal | None, str]:
        """The hourly rate (card, then project, then client) and currency a new entry gets."""
        return sql_catalog.rate_for(self.db.cursor(), self.dialect, project_id, work_item_id,
                                    self.prefs.currency)

    def rounding_for(self, project_id: int) -> Rounding:
        row = one_dict(t.Project.select(t.Project.round_minutes, t.Project.round_mode,
                                        t.Project.round_scope,
                                        t.Client.round_minutes.alias("c_minutes"),
                                        t.Client.round_mode.alias("c_mode"),
                                        t.Client.round_scope.alias("c_scope"))
                       .join(t.Client, pw.JOIN.LEFT_OUTER).where(t.Project.id == project_id))
        return (from_columns(row["round_minutes"], row["round_mode"], row["round_scope"])
                or from_columns(row["c_minutes"], row["c_mode"], row["c_scope"])
                or self.prefs.rounding)


# --- rows to records -------------------------------------------------------------------------


def _rule_text(minutes: int | None, mode: str | None, scope: str | None) -> str | None:
    rule = from_columns(minutes, mode, scope)
    return None if rule is None else str(rule)


def _rule_columns(rule: Rounding | None, *, inherit_none: bool = False) -> dict[str, Any]:
    if rule is None:
        return {"round_minutes": None, "round_mode": None, "round_scope": None} \
            if inherit_none else {}
    return {"round_minutes": rule.minutes, "round_mode": rule.mode if rule.minutes else None,
            "round_scope": rule.scope if rule.minutes else None}


def _patch(model: Any, rounding: Any, **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields a ``set_*`` verb was given (UNSET left out), checked by ``model``, and the
    column changes they make, the rounding rule's columns among them."""
    from fcc.store.inputs import parse

    given = {k: v for k, v in fields.items() if v is not UNSET}
    patch = parse(model, given)
    changes: dict[str, Any] = {k: getattr(patch, k) for k in given}
    if rounding is not UNSET:
        changes.update(_rule_columns(rounding, inherit_none=True))
    return given, changes


def client_record(row: t.Client) -> rec.Client:
    return rec.Client(
        id=row.id, uuid=str(row.uuid), name=row.name, email=row.email, currency=row.currency,
        hourly_rate=money(row.hourly_rate), archived=bool(row.archived),
        created_at=row.created_at,
        rounding=_rule_text(row.round_minutes, row.round_mode, row.round_scope),
        address=row.address or "", tax_id=row.tax_id or "", payment_terms=row.payment_terms,
        tax_rate=money(row.tax_rate), reverse_charge=bool(row.reverse_charge),
        needs_approval=bool(row.needs_approval),
    )


def project_record(row: Any) -> rec.Project:
    return rec.Project(
        id=row.id, uuid=str(row.uuid), name=row.name, client_id=row.client_id,
        client_name=getattr(row, "client_name", None), hourly_rate=money(row.hourly_rate),
        budget_hours=money(row.budget_hours), status=row.status, archived=bool(row.archived),
        created_at=row.created_at,
        rounding=_rule_text(row.round_minutes, row.round_mode, row.round_scope),
        currency=getattr(row, "client_currency", None),
    )


def _survivor(row: t.Client, by_id: dict[int, t.Client]) -> t.Client:
    while row.merged_into_id is not None:
        row = by_id[row.merged_into_id]
    return row


def _label_of(row: t.Project) -> str:
    if row.client_id is None:
        return row.name
    client = t.Client.select(t.Client.name).where(t.Client.id == row.client_id).scalar()
    return f"{client}/{row.name}"


def _row_dict(row: pw.Model) -> dict[str, Any]:
    out = {}
    for name, field in row._meta.fields.items():
        value = getattr(row, field.column_name if isinstance(field, pw.ForeignKeyField)
                        else name)
        out[field.column_name] = value
    return out


def _describe(given: dict[str, Any], rounding: Any) -> str:
    parts = [f"{k.replace('_', ' ')} {' / '.join(str(v).splitlines()) or '-'}"
             for k, v in given.items()]
    if rounding is not UNSET:
        parts.append(f"rounding {rounding if rounding is not None else 'inherited'}")
    return ", ".join(parts) or "nothing"
