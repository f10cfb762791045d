"""Jobs: work in worker threads, results on the UI thread, host work one at a time across windows."""

from __future__ import annotations

import threading
import time

from brickyard.core.errors import ServerUnavailable
from brickyard.core.ui.workers import Jobs
from qtpy import QtCore

from .conftest import WAIT_MS


class Host:
    name = "test"


def test_host_work_of_two_windows_runs_one_at_a_time_in_order(qtbot):
    host = Host()
    first, second = Jobs(host=host), Jobs(host=host)
    running, overlaps, delivered = set(), [], []
    lock = threading.Lock()

    def work(n):
        with lock:
            if running:
                overlaps.append((n, set(running)))
            running.add(n)
        time.sleep(0.01)  # room for another worker to start, if the lane let it
        with lock:
            running.discard(n)
        return n, threading.current_thread() is threading.main_thread()

    for i in range(3):
        first.run(work, i, serial=True, on_done=delivered.append)
        second.run(work, 10 + i, serial=True, on_done=delivered.append)
    qtbot.waitUntil(lambda: first.pending() == second.pending() == 0, timeout=WAIT_MS)
    assert overlaps == []
    assert [n for n, _ in delivered] == [0, 10, 1, 11, 2, 12]
    assert not any(on_main for _, on_main in delivered)  # the work ran in workers


def test_results_and_errors_arrive_on_the_ui_thread(qtbot):
    jobs = Jobs()
    seen = []

    def fail():
        raise ServerUnavailable("the Brickyard server at http://x could not be reached")

    jobs.run(lambda: 42, on_done=lambda r: seen.append((r, QtCore.QThread.currentThread() == jobs.thread())))
    jobs.run(fail, on_error=lambda e: seen.append((type(e).__name__, QtCore.QThread.currentThread() == jobs.thread())))
    qtbot.waitUntil(lambda: jobs.pending() == 0, timeout=WAIT_MS)
    assert set(seen) == {(42, True), ("ServerUnavailable", True)}


def test_only_the_newest_job_of_a_key_is_delivered(qtbot):
    jobs = Jobs()
    release = threading.Event()
    delivered = []
    jobs.run(lambda: release.wait(WAIT_MS / 1000) and "old", key="assets", on_done=delivered.append)
    jobs.run(lambda: "new", key="assets", on_done=delivered.append)
    qtbot.waitUntil(lambda: delivered == ["new"], timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(lambda: jobs.pending() == 0, timeout=WAIT_MS)
    assert delivered == ["new"]


def test_busy_follows_the_windows_host_work(qtbot):
    jobs = Jobs(host=Host())
    states = []
    jobs.busy.connect(states.append)
    release = threading.Event()
    jobs.run(lambda: release.wait(WAIT_MS / 1000), serial=True)
    jobs.run(lambda: None, serial=True)
    assert jobs.working and states == [True]
    release.set()
    qtbot.waitUntil(lambda: jobs.pending() == 0, timeout=WAIT_MS)
    assert states == [True, False] and not jobs.working


def test_a_closed_window_gets_nothing_and_does_not_block_the_host(qtbot):
    host = Host()
    closing, staying = Jobs(host=host), Jobs(host=host)
    release = threading.Event()
    got = []
    closing.run(lambda: release.wait(WAIT_MS / 1000), serial=True, on_done=got.append)
    closing.run(lambda: "queued", serial=True, on_done=got.append)
    staying.run(lambda: "after", serial=True, on_done=got.append)
    closing.close()
    release.set()
    qtbot.waitUntil(lambda: got == ["after"], timeout=WAIT_MS)
