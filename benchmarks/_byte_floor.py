"""The least any verified ingest must do with the bytes, with nothing else: a client reads each file, hashes it
and sends it over a local socket; a server process receives it, hashes it again, checks the hash, writes it to a
new file and renames it into place (``ab/<sha256>``, as the local store lays blobs out), with a thread syncing
behind the writes (as the store syncs each bundle) and everything durable before it answers. No HTTP, no
planning, no versions, no database: the floor under the ingest's time, measured beside it, so a reading says how
much of the ingest is the bytes and how much the work it does per version.

    seconds, client_cpu, server_cpu = send_folder(folder, target)
"""

from __future__ import annotations

import hashlib
import os
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

HEADER = struct.Struct(">Q32s")  # the file's size, its SHA-256 as the client computed it
SYNC_EVERY = 32 * 1024 * 1024  # bytes written between two syncs of the thread behind the writes


def send_folder(folder: Path, target: Path) -> tuple[float, float, float]:
    """Every file of ``folder`` through the floor into ``target`` (new): (seconds, client CPU, server CPU)."""
    target.mkdir()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        server = subprocess.Popen([sys.executable, __file__, str(port), str(target)], stdout=subprocess.PIPE)
        connection, _ = listener.accept()
    with connection:
        cpu, start = time.process_time(), time.perf_counter()
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            connection.sendall(HEADER.pack(len(data), hashlib.sha256(data).digest()))
            connection.sendall(data)
        connection.shutdown(socket.SHUT_WR)
        connection.recv(1)  # the server has written, checked and synced everything
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
    output = server.communicate()[0]
    if server.returncode:  # its own message is on stderr already
        raise RuntimeError(f"the floor's server failed (exit status {server.returncode})")
    return took, cpu, float(output)


def receive(port: int, target: Path) -> None:
    """The server's side: receive, hash, check, write, rename, sync behind; report its CPU seconds."""
    written, done = threading.Semaphore(0), threading.Event()

    def sync_behind() -> None:
        while True:
            written.acquire()
            if done.is_set():
                return  # the last sync is the caller's
            os.sync()

    syncer = threading.Thread(target=sync_behind, daemon=True)
    syncer.start()
    with socket.create_connection(("127.0.0.1", port)) as connection:
        stream = connection.makefile("rb", buffering=1024 * 1024)
        count = unsynced = 0
        folders: set[str] = set()
        while header := stream.read(HEADER.size):
            size, expected = HEADER.unpack(header)
            data = stream.read(size)
            digest = hashlib.sha256(data).digest()
            if digest != expected:
                raise SystemExit(f"file {count} arrived with another hash")
            temp = target / f".{count}"
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(descriptor, view):]
            finally:
                os.close(descriptor)
            name = digest.hex()
            if name[:2] not in folders:
                (target / name[:2]).mkdir(exist_ok=True)
                folders.add(name[:2])
            os.rename(temp, target / name[:2] / name)
            count, unsynced = count + 1, unsynced + size
            if unsynced >= SYNC_EVERY:
                written.release()
                unsynced = 0
        done.set()
        written.release()
        syncer.join()
        os.sync()
        connection.sendall(b"k")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(usage.ru_utime + usage.ru_stime)


if __name__ == "__main__":
    receive(int(sys.argv[1]), Path(sys.argv[2]))
