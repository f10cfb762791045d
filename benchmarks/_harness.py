"""Shared bits for the benchmark scripts: a fresh server, admin client, peak-RSS readings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

import requests

from brickyard.core.client import Client


def peak_rss_mib(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(workdir: Path, database_url: str | None = None, *, name: str = "server-data",
                   blob_store: str | None = None,
                   env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen, str, str]]:
    """A real uvicorn server in a subprocess on a fresh data folder: (process, url, admin token)."""
    data = workdir / name
    port = _free_port()
    cmd = [sys.executable, "-m", "brickyard.server", "--data", str(data), "--port", str(port)]
    if database_url:
        cmd += ["--database-url", database_url]
    if blob_store:
        cmd += ["--blob-store", blob_store]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if requests.get(url + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("server did not start")
        token_file = data / "admin-token"  # a second server on the same database writes none
        yield proc, url, token_file.read_text().strip() if token_file.exists() else ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def admin_project(url: str, token: str, code: str = "bench", cache_dir: Path | None = None) -> Client:
    client = Client(url=url, token=token, cache_dir=cache_dir)
    client.create_project(code, "Benchmarks")
    return client


def scratch_dir() -> Path:
    """A scratch folder on the same disk as the repo (not tmpfs), so cp and publish share a disk."""
    root = Path(os.environ.get("BRICKYARD_BENCH_DIR", Path(__file__).resolve().parent.parent / ".bench"))
    root.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(dir=root))
