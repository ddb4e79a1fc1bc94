"""Dependencies (A blocks B): block and unblock; a cycle is refused naming it, checked under the
writer lock.

The check runs inside the change: on SQLite the transaction began IMMEDIATE (one writer at a
time), on PostgreSQL the change first takes the workspace's writer lock (``take_turn``). So two
programs writing "A blocks B" and "B blocks A" at the same moment cannot both pass it: the
second sees the first's row and is refused.
"""

from __future__ import annotations

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards import fields as f
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.errors import DependencyCycle, InvalidInput
from fcc.store.rows import tuples


class DependencyVerbs(CardReadVerbs):
    def block(self, card: int | str, *, by: int | str) -> rb.Dependency:
        """Card ``by`` blocks ``card`` (already so: nothing changes)."""
        blocked_id, blocker_id = f.card_id(card), f.card_id(by, "by")
        if blocked_id == blocker_id:
            raise InvalidInput("by", f"another card than #{blocked_id} (a card cannot block "
                               "itself)", by)
        with self.change("card block") as batch:
            blocked = self._card_row(blocked_id)
            blocker = self._card_row(blocker_id, field="by")
            found = t.Dependency.get_or_none((t.Dependency.blocker == blocker.id)
                                             & (t.Dependency.blocked == blocked.id))
            if found is None:
                path = self._path(blocked.id, blocker.id)
                if path is not None:
                    loop = " → ".join(f"#{c}" for c in [blocker.id, *path])
                    raise DependencyCycle(f"card: #{blocker.id} blocking #{blocked.id} would "
                                          f"make a cycle {loop}")
                found = self._create_row("dependency", t.Dependency, blocker=blocker.id,
                                         blocked=blocked.id)
            batch.message = f"#{blocker.id} blocks #{blocked.id}"
        return _record(found, blocker, blocked)

    def unblock(self, card: int | str, *, by: int | str) -> rb.Dependency:
        """Card ``by`` no longer blocks ``card``."""
        blocked_id, blocker_id = f.card_id(card), f.card_id(by, "by")
        with self.change("card unblock") as batch:
            blocked = self._card_row(blocked_id, deleted=True)
            blocker = self._card_row(blocker_id, field="by", deleted=True)
            found = t.Dependency.get_or_none((t.Dependency.blocker == blocker.id)
                                             & (t.Dependency.blocked == blocked.id))
            if found is None:
                raise InvalidInput("by", f"a card that blocks #{blocked.id} (#{blocker.id} "
                                   "does not)", by)
            self._delete_row("dependency", found)
            batch.message = f"#{blocker.id} no longer blocks #{blocked.id}"
        return _record(found, blocker, blocked)

    def _path(self, start: int, goal: int) -> list[int] | None:
        """The cards from ``start`` to ``goal`` following "blocks" (each blocks the next), or
        None when ``start`` blocks nothing that leads to ``goal``."""
        edges: dict[int, list[int]] = {}
        for blocker, blocked in tuples(t.Dependency.select(t.Dependency.blocker,
                                                           t.Dependency.blocked)):
            edges.setdefault(int(blocker), []).append(int(blocked))
        came: dict[int, int | None] = {start: None}
        queue = [start]
        while queue:
            node = queue.pop(0)
            if node == goal:
                path = [node]
                while came[path[-1]] is not None:
                    path.append(came[path[-1]])  # type: ignore[arg-type]
                return list(reversed(path))
            for nxt in sorted(edges.get(node, ())):
                if nxt not in came:
                    came[nxt] = node
                    queue.append(nxt)
        return None


def _record(row: t.Dependency, blocker: t.WorkItem, blocked: t.WorkItem) -> rb.Dependency:
    return rb.Dependency(blocker_id=blocker.id, blocked_id=blocked.id,
                         blocker_title=blocker.title, blocked_title=blocked.title,
                         created_at=row.created_at)
