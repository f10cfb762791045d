"""How an event stream learns that there is something new to read.

On PostgreSQL (several servers) every event's transaction also sends ``NOTIFY brickyard_events, '<project
id>'``, which PostgreSQL delivers at commit to every server listening; one thread per server holds a
``LISTEN`` connection and wakes the streams of that project at once — no polling interval. On SQLite
(one embedded server, one process) ``notify`` notes the project on the session and the bus wakes that
project's streams right after the session commits (SQLAlchemy ``after_commit``); the half-second read of
the table stays as the fallback.

A stream clears its waiter *before* it reads the table and waits after; a notification that arrives in
between has set the waiter again, so no wake-up is ever lost.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

CHANNEL = "brickyard_events"
POLL_SECONDS = 0.5  # SQLite: the fallback when no wake-up came (a write from outside this process)
WAIT_SECONDS = 15.0  # PostgreSQL: a waiter also wakes this often, for the stream's keep-alive
log = logging.getLogger(__name__)


_NEWS = "brickyard_event_news"  # Session.info key: the projects this transaction recorded events for


def notify(db: Session, project_id: int | None) -> None:
    """Announce an event of ``project_id`` when the current transaction commits: PostgreSQL sends NOTIFY to
    every server; elsewhere the session remembers it for the in-process bus (``EventBus.watch``)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(project_id)})
    else:
        db.info.setdefault(_NEWS, set()).add(project_id)


class Waiter:
    """One stream's wake-up flag; ``await waiter.wait()`` returns on news, a stop, or the timeout."""

    def __init__(self, bus: EventBus, project_id: int, timeout: float):
        self.bus, self.project_id, self.timeout = bus, project_id, timeout
        self.loop = asyncio.get_running_loop()
        self.flag = asyncio.Event()

    def clear(self) -> None:
        self.flag.clear()

    def wake(self) -> None:
        self.loop.call_soon_threadsafe(self.flag.set)

    async def wait(self) -> None:
        try:
            await asyncio.wait_for(self.flag.wait(), self.timeout)
        except asyncio.TimeoutError:
            pass

    def close(self) -> None:
        self.bus._remove(self)


class EventBus:
    """The embedded way: sessions of ``watch``ed factories wake a project's waiters after a commit that
    recorded its events; otherwise waiters sleep ``POLL_SECONDS`` (stops still wake them)."""

    timeout = POLL_SECONDS

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[int, set[Waiter]] = defaultdict(set)
        self._watched: list[sessionmaker[Session]] = []

    def watch(self, sessions: sessionmaker[Session]) -> None:
        """Wake waiters after each commit of a session from ``sessions`` that called ``notify``."""
        event.listen(sessions, "after_commit", self._committed)
        event.listen(sessions, "after_rollback", self._rolled_back)
        self._watched.append(sessions)

    def _committed(self, db: Session) -> None:
        for project_id in db.info.pop(_NEWS, ()):
            self.wake(project_id)

    def _rolled_back(self, db: Session) -> None:
        db.info.pop(_NEWS, None)  # nothing was written: nobody to wake

    def subscribe(self, project_id: int) -> Waiter:
        self.start()
        waiter = Waiter(self, project_id, self.timeout)
        with self._lock:
            self._waiters[project_id].add(waiter)
        return waiter

    def _remove(self, waiter: Waiter) -> None:
        with self._lock:
            self._waiters[waiter.project_id].discard(waiter)

    def wake(self, project_id: int | None = None) -> None:
        """Wake the waiters of one project, or (None) all of them."""
        with self._lock:
            groups = list(self._waiters.values()) if project_id is None else [self._waiters.get(project_id, set())]
            waiters = [w for group in groups for w in group]
        for waiter in waiters:
            waiter.wake()

    def start(self) -> None:
        pass

    def stop(self) -> None:
        for sessions in self._watched:
            event.remove(sessions, "after_commit", self._committed)
            event.remove(sessions, "after_rollback", self._rolled_back)
        self._watched.clear()
        self.wake()


class PostgresEventBus(EventBus):
    """``LISTEN`` on one dedicated connection in a thread; reconnects, and wakes everyone when it does
    (notifications sent while it was away are lost, so every stream reads the table once more)."""

    timeout = WAIT_SECONDS

    def __init__(self, engine: Engine):
        super().__init__()
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()

    def start(self) -> None:
        """Start listening (on the first stream; idempotent)."""
        with self._lock:
            if self._thread is None and not self._stopping.is_set():
                self._thread = threading.Thread(target=self._listen, name="event-listener", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        super().stop()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        import psycopg

        while not self._stopping.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    self.wake()  # anything missed while (re)connecting is read now
                    while not self._stopping.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.wake(int(note.payload) if note.payload.isdigit() else None)
            except Exception as exc:  # the database went away: streams still answer from the table
                self.listening.clear()
                log.warning("event listener lost its connection (%s); reconnecting", exc)
                self._stopping.wait(1.0)


def make_event_bus(engine: Engine, sessions: sessionmaker[Session] | None = None) -> EventBus:
    """PostgreSQL: LISTEN/NOTIFY across servers. Otherwise the in-process bus, woken by ``sessions``' commits."""
    if engine.dialect.name == "postgresql":
        return PostgresEventBus(engine)
    bus = EventBus()
    if sessions is not None:
        bus.watch(sessions)
    return bus
