"""The app's one way to the store: every store call runs off the UI loop, on the store's own
thread, inside a Textual worker, and its result comes back to the screen that asked.

One thread per store, not a thread per call. Textual's ``@work(thread=True)`` starts a new
thread for every worker, and peewee keeps one connection per thread (``thread_safe``): a thread
per call would connect for every key (on PostgreSQL a login over the network) and leave a
connection behind unless closed each time. The store object's own state (the change batch a
verb is inside, the cached preferences, the day's file check) is not meant for two threads at
once, and SQLite has one writer anyway. So each store has one long-lived thread (an executor
with one worker): the store is opened there (the app may be given a function that opens it),
its one connection lives there, and every call queues behind the one before, in the order the
user made them. Nothing else in the app touches the store.

The UI side is an ordinary asyncio worker (``group`` per purpose, ``exclusive`` where a newer
read replaces an older one) that awaits the call: while it waits the loop draws the clock and
answers keys. A cancelled call that has not started never runs (a newer reload replaced it, or
the screen that asked closed). Failures go to one place, the app's ``store_failed``: one line
as a notification, never a traceback; a dialog may take its own store errors first to show them
under the field they name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from fcc.store import faults
from fcc.store.errors import FccError

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.message_pump import MessagePump
    from textual.worker import Worker

    from fcc.store.api import Store

T = TypeVar("T")


class Host(Protocol):
    """What the store's work needs of the app: the one place failures are shown."""

    def store_failed(self, exc: BaseException) -> None: ...


class StoreWork:
    """The store (or the function that opens it) and the one thread it is used on."""

    def __init__(self, host: Host, store: Store | Callable[[], Store]) -> None:
        self.host = host
        self._store: Store | None = None if callable(store) else store
        self._opener = store if callable(store) else None
        self.open_error: FccError | None = None  # opening failed: the app is quitting
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fcc-store")
        self._queued: set[Future[Any]] = set()
        self._closed = False

    @property
    def opened(self) -> Store | None:
        """The store if it is open (the caller that gave a function closes it)."""
        return self._store

    def _open(self) -> Store:
        """On the store's thread: the store, opened on first use (once: a failure stays)."""
        if self._store is None:
            if self.open_error is not None:
                raise self.open_error
            assert self._opener is not None
            try:
                self._store = self._opener()
            except FccError as exc:
                self.open_error = exc
                raise
        return self._store

    def _call(self, fn: Callable[[Store], T]) -> T:
        """On the store's thread: ``fn(store)``; a fault of the disk is its one-line error."""
        store = self._open()
        try:
            return fn(store)
        except FccError:
            raise
        except Exception as exc:
            fault = faults.translate(exc, store.target.path)  # damaged, unreadable, full
            if fault is None:
                raise
            raise fault from exc

    def call(self, fn: Callable[[Store], T]) -> asyncio.Future[T]:
        """Queue ``fn(store)`` on the store's thread; await the result on the UI loop.
        Cancelling the awaitable before the call starts drops it."""
        if self._closed:
            raise RuntimeError("the store's work is closed")
        future = self._pool.submit(self._call, fn)
        self._queued.add(future)
        future.add_done_callback(self._queued.discard)
        return asyncio.wrap_future(future)

    def run(self, node: DOMNode, fn: Callable[[Store], T],
            done: Callable[[T], object] | None = None, *, group: str = "store",
            exclusive: bool = False, failed: Callable[[FccError], object] | None = None,
            name: str = "") -> Worker[None]:
        """A worker on ``node`` (cancelled when it closes) that runs ``fn(store)`` on the
        store's thread and hands the result to ``done`` on the UI loop. An FccError goes to
        ``failed`` when given (a dialog shows it under its field), every other failure to the
        app's one handler."""

        async def work() -> None:
            try:
                result = await self.call(fn)
            except FccError as exc:
                if failed is not None and exc is not self.open_error:
                    failed(exc)
                else:
                    self.host.store_failed(exc)
                return
            except Exception as exc:  # said in one place, never a traceback
                self.host.store_failed(exc)
                return
            if done is not None:
                done(result)

        return node.run_worker(work(), name=name or getattr(fn, "__name__", "store"),
                               group=group, exclusive=exclusive)

    def close(self) -> None:
        """Drop the calls still queued, close the thread's connection, end the thread (after
        the call that is running, if any)."""
        if self._closed:
            return
        self._closed = True
        for future in list(self._queued):
            future.cancel()
        store = self._store
        if store is not None:
            self._pool.submit(store.release_thread)
        self._pool.shutdown(wait=True)


def store_work(node: MessagePump) -> StoreWork:
    """The app's store work, from any screen or dialog (the app holds it as ``storework``)."""
    work: StoreWork = node.app.storework  # type: ignore[attr-defined]
    return work


async def settled(app: Any) -> None:
    """Wait until no worker of ``app`` runs: the store's calls run on its own thread and a
    result may start the next call (a dialog's save, then the reload). For whatever drives the
    app from outside and must see the result of a key: the pilot tests, the screenshot script."""
    for _ in range(200):
        busy = [w for w in app.workers if not w.is_finished]
        if not busy:
            return
        await app.workers.wait_for_complete(busy)
        await asyncio.sleep(0)
    raise TimeoutError("the app's workers did not settle")
