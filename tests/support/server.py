"""A real Brickyard server in a subprocess (uvicorn), for end-to-end and crash tests."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


# Ports for test servers: below Linux's ephemeral range (32768-60999), so no outgoing connection is given
# one, and split into a slice per pytest-xdist worker, so two workers never hand out the same port (with
# bind(0) they could: the port is free again once the probing socket closes, until the server binds it).
PORTS = range(20000, 32768)


def _port_slice() -> range:
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % count
    size = len(PORTS) // count
    return PORTS[index * size:(index + 1) * size]


def free_port() -> int:
    """A port of this worker's slice that nothing listens on now (random: other test runs on the machine
    pick from the same slice)."""
    ports = _port_slice()
    for _ in range(100):
        port = random.choice(ports)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by something else on the machine
            return port
    raise RuntimeError(f"no free port in {ports}")


class ServerProcess:
    """``python -m brickyard.server`` on a free port; ``start``/``stop``/``kill`` keep the data folder."""

    def __init__(self, data_dir: Path, database_url: str | None = None, port: int | None = None,
                 env: dict[str, str] | None = None, blob_store: str | None = None):
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.blob_store = blob_store
        self.port = port or free_port()
        self.may_move = port is None  # to another port, if something else took this one before the first start
        self.env = env or {}
        self.proc: subprocess.Popen | None = None
        self.log_path = self.data_dir.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_token(self) -> str:
        return (self.data_dir / "admin-token").read_text().strip()

    def start(self, timeout: float = 30.0) -> ServerProcess:
        cmd = [sys.executable, "-m", "brickyard.server", "--data", str(self.data_dir),
               "--host", "127.0.0.1", "--port", str(self.port)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        if self.blob_store:
            cmd += ["--blob-store", self.blob_store]
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **self.env})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if self.may_move and "address already in use" in self.log():
                    # Taken between free_port() and the bind (by another program on the machine): try another.
                    self.port = free_port()
                    self.log_path = self.data_dir.parent / f"server-{self.port}.log"
                    return self.start(timeout)
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    self.may_move = False  # clients may know this port now; a restart keeps it
                    return self
            except (requests.ConnectionError, requests.Timeout):  # not listening yet; or slow on a busy machine
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer /health in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: the crash a power cut or OOM killer would cause."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
