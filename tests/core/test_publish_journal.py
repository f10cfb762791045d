"""Exactly-once publish: the journal keeps a publish's key across a killed client."""

from __future__ import annotations

import os
import socket
import subprocess
import threading

import pytest
from brickyard.core.client import Client
from brickyard.core.publish_journal import PublishJournal

from tests.support.cli import BRICKYARD, run_cli


def test_the_same_publish_gets_the_same_key_until_it_is_finished(tmp_path):
    journal = PublishJournal(tmp_path)
    manifest = {"asset": "hero", "representations": [{"name": "txt"}]}
    first = journal.begin("film", manifest)
    assert PublishJournal(tmp_path).begin("film", manifest).key == first.key  # another process, same publish
    assert journal.begin("other", manifest).key != first.key
    assert journal.begin("film", {**manifest, "comment": "x"}).key != first.key
    first.finish()
    assert journal.begin("film", manifest).key != first.key  # settled: an identical publish is a new one
    old = journal.begin("film", {"asset": "old"})
    os.utime(old.path, (0, 0))  # a week-old crash is forgotten
    assert journal.begin("film", {"asset": "old"}).key != old.key


class KillingProxy:
    """A TCP proxy that kills ``victim`` the moment the server starts answering its create-version request:
    the server has committed the version, the client never learns it."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.victim: subprocess.Popen | None = None
        self.killed = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                downstream, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            armed = threading.Event()
            threading.Thread(target=self._pump, args=(downstream, upstream, armed, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, downstream, armed, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, armed: threading.Event, to_server: bool) -> None:
        try:
            while data := source.recv(65536):
                if to_server and b"POST /api/v1/projects/film/versions " in data:
                    armed.set()
                if not to_server and armed.is_set():
                    self.victim.kill()  # the answer is on its way: the client dies before reading it
                    self.victim.wait()
                    self.killed.set()
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()


@pytest.mark.slow
def test_a_killed_clients_retry_publishes_once(sqlite_server, tmp_path):
    server = sqlite_server
    with Client(server.url, server.admin_token, cache_dir=tmp_path / "admin-cache") as admin:
        admin.create_project("film")
        token = admin.create_user("ana").token
        admin.add_member("film", "ana", "artist")
    work = tmp_path / "work"
    work.mkdir()
    (work / "prompt.txt").write_text("a castle at dusk")
    env = {"BRICKYARD_CACHE": str(tmp_path / "ana-cache")}
    args = ["publish", "prompt.txt", "--project", "film", "--asset", "castle", "--kind", "prompt"]

    proxy = KillingProxy(server.port)
    try:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRICKYARD_")}
        full_env.update(env, BRICKYARD_URL=f"http://127.0.0.1:{proxy.port}", BRICKYARD_TOKEN=token,
                        BRICKYARD_CONFIG=str(work / "no-config.json"))
        proxy.victim = subprocess.Popen([BRICKYARD, *args], cwd=work, env=full_env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proxy.killed.wait(timeout=60), proxy.victim.communicate()
    finally:
        proxy.close()
    with Client(server.url, token, cache_dir=tmp_path / "check") as ana:
        assert [v.number for v in ana.versions("brickyard://film/castle")] == [1]  # committed, answer lost
        assert list((tmp_path / "ana-cache" / "publish-journal").iterdir())  # the key outlived the process

        retry = run_cli(*args, url=server.url, token=token, cwd=work, env=env)
        assert retry.code == 0, retry.err
        assert retry.out.strip().endswith("brickyard://film/castle?version=1")
        assert [v.number for v in ana.versions("brickyard://film/castle")] == [1]  # once, not twice
        assert not list((tmp_path / "ana-cache" / "publish-journal").iterdir())  # settled

        again = run_cli(*args, url=server.url, token=token, cwd=work, env=env)  # a deliberate second publish
        assert again.code == 0 and again.out.strip().endswith("?version=2"), again.err
