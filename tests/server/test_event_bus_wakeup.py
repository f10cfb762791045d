"""The embedded (SQLite) event bus: a commit that recorded events wakes that project's streams at once."""

from __future__ import annotations

import asyncio
import threading

import pytest
from brickyard.server import event_bus
from brickyard.server.db import write_transaction
from brickyard.server.event_bus import make_event_bus
from brickyard.server.services import events
from brickyard.server.settings import Settings
from brickyard.server.startup import prepare

from tests.support.asyncio_thread import run_async
from brickyard.server.tables import Project

LONG = 60.0  # the fallback poll, made far longer than any wait below: only a wake-up can end a wait early


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    monkeypatch.setattr(event_bus.EventBus, "timeout", LONG)
    prepared = prepare(Settings(data_dir=tmp_path / "data"))
    with prepared.sessions() as db, write_transaction(db):
        ids = []
        for code in ("film", "other"):
            project = Project(code=code, naming={}, kinds=[])
            db.add(project)
            db.flush()
            ids.append(project.id)
    bus = make_event_bus(prepared.engine, prepared.sessions)
    yield prepared, bus, ids
    bus.stop()
    prepared.engine.dispose()


def _in_thread(prepared, project_id: int, fail: bool = False) -> None:
    """Record one event of ``project_id`` the way a request does (in a worker thread); ``fail``: roll back."""
    def work() -> None:
        with prepared.sessions() as db:
            try:
                with write_transaction(db):
                    events.record(db, "published", project_id=project_id, user_id=None, data={})
                    if fail:
                        raise RuntimeError("rolled back")
            except RuntimeError:
                pass
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_a_commit_with_events_wakes_that_projects_waiters_not_others(embedded):
    prepared, bus, (film, other) = embedded

    async def scenario() -> tuple[bool, bool]:
        waiter, bystander = bus.subscribe(film), bus.subscribe(other)
        waiter.clear()
        bystander.clear()
        await asyncio.to_thread(_in_thread, prepared, film)
        await asyncio.wait_for(waiter.wait(), 10)  # the 60 s fallback would time this out: the commit woke it
        await asyncio.sleep(0.05)
        waiter.close(), bystander.close()
        return waiter.flag.is_set(), bystander.flag.is_set()

    assert run_async(scenario()) == (True, False)


def test_a_rolled_back_transaction_wakes_nobody_and_the_next_commit_does(embedded):
    prepared, bus, (film, _) = embedded

    async def scenario() -> tuple[bool, bool]:
        waiter = bus.subscribe(film)
        waiter.clear()
        await asyncio.to_thread(_in_thread, prepared, film, True)
        await asyncio.sleep(0.05)
        after_rollback = waiter.flag.is_set()
        await asyncio.to_thread(_in_thread, prepared, film)
        await asyncio.wait_for(waiter.wait(), 10)
        waiter.close()
        return after_rollback, waiter.flag.is_set()

    assert run_async(scenario()) == (False, True)


def test_a_stopped_bus_no_longer_listens_to_commits(embedded):
    prepared, bus, (film, _) = embedded
    bus.stop()

    async def scenario() -> bool:
        waiter = bus.subscribe(film)
        waiter.clear()
        await asyncio.to_thread(_in_thread, prepared, film)
        await asyncio.sleep(0.05)
        waiter.close()
        return waiter.flag.is_set()

    assert run_async(scenario()) is False
