"""How quickly access ends on a live event stream, and how quickly a follower catches up after a restart.

    python benchmarks/reliability.py [--trials 5] [--database-url URL]

Prints, over ``--trials`` runs against a real server: the seconds from revoking a token (and from
removing a member) to the server closing that token's event stream — the server rechecks access every
``ACCESS_RECHECK_SECONDS`` — and the seconds from a restarted server answering again to the follower
(``Client.stream_events``) delivering an event published right then, with the events it lost or
delivered twice.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

from brickyard.core.client import Client  # noqa: E402
from brickyard.server.routes.events import ACCESS_RECHECK_SECONDS  # noqa: E402


def seconds_to_close(url: str, token: str, cut_off) -> float:
    response = requests.get(f"{url}/api/v1/events/stream", params={"project": "bench"},
                            headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=30)
    closed = threading.Event()

    def read() -> None:
        try:
            for _ in response.iter_lines():
                pass
        except requests.RequestException:
            pass
        closed.set()

    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.3)
    started = time.monotonic()
    cut_off()
    closed.wait(timeout=30)
    return time.monotonic() - started


def access_figures(url: str, admin: Client, trials: int) -> tuple[list[float], list[float]]:
    revoked, removed = [], []
    for i in range(trials):
        name = f"user{i}"
        created = admin.create_user(name)
        admin.add_member("bench", name, "viewer")
        extra = admin.create_token(name)
        revoked.append(seconds_to_close(url, extra.token, lambda extra=extra: admin.revoke_token(extra.id)))
        removed.append(seconds_to_close(url, created.token, lambda name=name: admin.remove_member("bench", name)))
    return revoked, removed


def catch_up_figures(workdir: Path, database_url: str | None, trials: int) -> tuple[list[float], int, int]:
    """Restart a server ``trials`` times under a follower; seconds from 'answering again' to the event."""
    delays: list[float] = []
    received: list[int] = []
    published: list[int] = []
    data = workdir / "follower-data"
    cmd = [sys.executable, "-m", "brickyard.server", "--data", str(data)]
    if database_url:
        cmd += ["--database-url", database_url]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd += ["--port", str(port)]
    url = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    return proc
            except requests.ConnectionError:
                time.sleep(0.02)

    proc = start()
    token = (data / "admin-token").read_text().strip()
    admin = Client(url, token, retries=8)
    admin.create_project("bench")
    admin.create_user("eve")

    def follow() -> None:
        with Client(url, token, timeout=5) as follower:
            for event in follower.stream_events("bench", max_pause=1.0):
                received.append(event.id)

    threading.Thread(target=follow, daemon=True).start()
    time.sleep(1.0)
    try:
        for i in range(trials):
            proc.kill()
            proc.wait()
            proc = start()
            up = time.monotonic()
            admin.add_member("bench", "eve", "viewer" if i % 2 else "artist")
            published.append(admin.events("bench")[-1].id)
            while len(received) < len(published) and time.monotonic() - up < 30:
                time.sleep(0.01)
            delays.append(time.monotonic() - up)
        time.sleep(1.0)
    finally:
        admin.close()
        proc.terminate()
        proc.wait(timeout=20)
    lost = len(set(published) - set(received))
    twice = len(received) - len(set(received))
    return delays, lost, twice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = scratch_dir()
    with running_server(work, args.database_url) as (_proc, url, token):
        admin = admin_project(url, token)
        revoked, removed = access_figures(url, admin, args.trials)
        admin.close()
    delays, lost, twice = catch_up_figures(work, args.database_url, args.trials)
    print(f"access recheck interval: {ACCESS_RECHECK_SECONDS:.2f} s")
    print(f"revoked token -> stream closed: median {statistics.median(revoked):.2f} s, max {max(revoked):.2f} s "
          f"({args.trials} trials)")
    print(f"removed member -> stream closed: median {statistics.median(removed):.2f} s, max {max(removed):.2f} s")
    print(f"server restarted (kill -9) -> follower has the next event: median {statistics.median(delays):.2f} s, "
          f"max {max(delays):.2f} s; lost {lost}, delivered twice {twice}")


if __name__ == "__main__":
    main()
