"""Ingest a folder of generated PNGs (≈200 KB each, ComfyUI metadata) beside copying and hashing it.

    python benchmarks/ingest_generations.py [--count 5000] [--rounds 3] [--settle 300] [--database-url URL]

Prints the requests the ingest made (target ≤ N/100 + a small constant) and its time against
``cp -r`` of the folder plus hashing it with hashlib, measured in the same run (target ≤ 2×): in each
round a fresh server ingests the folder between two timings of the copy, and the round's ratio is against
their mean; the median over the rounds is the figure. Each round's client has its own hash cache, so it reads
and hashes the folder as a new one (a shared cache would hand rounds 2 and 3 the first round's hashes).
The copy's dirty pages are synced (untimed) before the ingest, which syncs its own. Also the CPU seconds
the ingest cost the client and the server (steadier than wall time under load), and a second ingest of the
same folder (everything a duplicate: no bytes, no versions).

Nothing is deleted until the end of the run, and ``--settle`` waits before the first round: on ext4 without
a journal (this VM's disk) creating a file skips, one by one, every inode of its group deleted in the last
minutes (``recently_deleted``), so right after 10,000 deletions — a test run, or a benchmark cleaning up —
each new file costs 0.25 ms instead of 0.02 ms, for the copy and the ingest alike. Each round prints what a
new file cost at its start, so a reading taken on such a disk says so.

The copy's own time says which memory it met: on this VM, memory the guest has not touched lately is backed
by the host when first written, so the same 1 GB copy + hash takes ≈ 1.2 s (warm pages) or ≈ 3.3 s (cold),
from one minute to the next. The copy pays that far more in proportion than the ingest, whose time moves
much less (≈ 5–6.5 s): a round against a warm copy reads ≈ 3–4×, against a cold one ≈ 1.8–2.3×.
``--warm-memory`` takes the warm reading on purpose — a machine whose memory has no host behind it always
gives it: before each timing a child process touches and frees 3 GB, so the pages every step writes into
are backed already.

Each round also times the floor (``_byte_floor.py``): the same files read, hashed, sent over a local socket,
hashed again, written, renamed and synced by a bare client and server — what any verified ingest must do with
the bytes, with no HTTP and no versions. The ingest's time above the floor's is the work it does per version.
And beside the target's ratio, one against a durable copy (``cp -r`` + hashlib + ``sync``): the ingest syncs
its blobs before their versions exist, as a publish must; ``cp -r`` leaves its pages for the kernel to write
later."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _byte_floor import send_folder  # noqa: E402
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

SIDE = 256  # 256 × 256 RGB of noise, stored: ≈ 197 KB a file


def png(path: Path, prompt: dict) -> None:
    """A real PNG written directly (noise does not compress; Pillow would only be slower at it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    raw = b"".join(b"\0" + os.urandom(SIDE * 3) for _ in range(SIDE))
    header = SIDE.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    text = b"prompt\0" + json.dumps(prompt).encode("latin-1")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", text)
                     + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def graph(n: int) -> dict:
    return {"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
            "6": {"class_type": "CLIPTextEncode",
                  "inputs": {"text": f"a lighthouse at dusk, take {n}", "clip": ["4", 1]}},
            "3": {"class_type": "KSampler", "inputs": {"seed": n, "steps": 25, "cfg": 6.5, "sampler_name": "euler",
                                                       "scheduler": "normal", "positive": ["6", 0], "model": ["4", 0]}}}


def warm_memory() -> None:
    """Touch 3 GB in a child process and free it, so that what is written next meets backed pages."""
    subprocess.run([sys.executable, "-c", "b = bytearray(3 << 30); b[::4096] = b'1' * len(b[::4096])"], check=True)


def copy_and_hash(source: Path, target: Path, warm: bool = False) -> float:
    """``cp -r`` to a new folder (kept until the run ends: deleting would slow what follows) and hashing."""
    os.sync()  # every run starts with no dirty pages of an earlier step to flush
    if warm:
        warm_memory()
    start = time.perf_counter()
    subprocess.run(["cp", "-r", str(source), str(target)], check=True)
    for path in sorted(source.iterdir()):
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while block := stream.read(1024 * 1024):
                digest.update(block)
    return time.perf_counter() - start


def timed_sync() -> float:
    """Seconds to write every dirty page to the disk now: what the copy before it leaves to make durable."""
    start = time.perf_counter()
    os.sync()
    return time.perf_counter() - start


def new_file_cost(folder: Path, count: int = 1000) -> float:
    """Microseconds to create an empty file right now (kept until the run ends, as everything here)."""
    folder.mkdir()
    start = time.perf_counter()
    for n in range(count):
        (folder / str(n)).touch()
    return (time.perf_counter() - start) / count * 1e6


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU time a process has used so far (or its finished children: the preview jobs)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def one_round(work: Path, folder: Path, args: argparse.Namespace, number: int) -> float:
    """A fresh server ingests the folder, between two timings of the copy; the ingest's time over theirs.
    A second ingest of the same folder follows (everything a duplicate: no bytes, no versions)."""
    work.mkdir()
    with running_server(work, args.database_url) as (server, url, token):
        client = admin_project(url, token, cache_dir=work / "client-cache")  # hashes this folder's files anew
        client.project("bench")
        sent: list[str] = []
        client.session.hooks["response"].append(
            lambda r, *a, **k: sent.append(f"{r.request.method} {r.url} {r.elapsed.total_seconds():.2f}s"))
        creating = new_file_cost(work / "probe")
        before = copy_and_hash(folder, work / "copy-before", args.warm_memory)
        before_sync = timed_sync()  # the copy's writes are not the ingest's to flush
        if args.warm_memory:
            warm_memory()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        previews_cpu = cpu_seconds(server.pid, children=True)
        start = time.perf_counter()
        _, report = client.ingest("bench", folder, folder="gens")
        took = time.perf_counter() - start
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        previews_cpu = cpu_seconds(server.pid, children=True) - previews_cpu
        assert len(report.created) == args.count, report.summary()
        os.sync()
        if args.warm_memory:
            warm_memory()
        floor, floor_client, floor_server = send_folder(folder, work / "floor")
        after = copy_and_hash(folder, work / "copy-after", args.warm_memory)
        baseline = (before + after) / 2
        durable = baseline + (before_sync + timed_sync()) / 2
        ratio = took / baseline
        if os.environ.get("BRICKYARD_BENCH_VERBOSE"):
            print("\n".join(sent))
        print(f"round {number}: ingest {took:.1f} s, {len(sent)} requests (target <= {args.count // 100} + a few); "
              f"cp -r + hashlib: {before:.1f} s before, {after:.1f} s after -> {ratio:.2f}x; "
              f"CPU: client {client_cpu:.1f} s, server {server_cpu:.1f} s "
              f"(+ {previews_cpu:.1f} s of preview jobs it ran meanwhile); a new file cost {creating:.0f} us",
              flush=True)
        print(f"round {number}: against a durable copy (cp -r + hashlib + sync, as the ingest's blobs are) "
              f"{durable:.1f} s -> {took / durable:.2f}x", flush=True)
        print(f"round {number}: the bytes alone (floor) {floor:.1f} s -> {floor / baseline:.2f}x; "
              f"CPU: client {floor_client:.1f} s, server {floor_server:.1f} s; the ingest above it: "
              f"{(took - floor) / args.count * 1e6:.0f} us a version", flush=True)
        sent.clear()
        start = time.perf_counter()
        _, again = client.ingest("bench", folder, folder="gens")
        print(f"round {number}: re-ingest {time.perf_counter() - start:.1f} s, {len(sent)} requests, "
              f"{len(again.duplicates)} duplicates, {again.bytes_sent} bytes sent, {len(again.created)} created",
              flush=True)
        client.close()
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3, help="fresh servers, each between two copies")
    parser.add_argument("--settle", type=float, default=0,
                        help="seconds to wait (after a sync) before the first round, so that earlier deletions "
                             "no longer slow file creation: 300 is enough")
    parser.add_argument("--warm-memory", action="store_true",
                        help="touch and free 3 GB before each timing: the reading a machine whose memory has no "
                             "host behind it gives")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = scratch_dir()
    try:
        folder = work / "ComfyUI-output"
        folder.mkdir()
        for n in range(1, args.count + 1):
            png(folder / f"ComfyUI_{n:05d}_.png", graph(n))
        total = sum(p.stat().st_size for p in folder.iterdir())
        print(f"{args.count} PNGs, {total / 1e6:.0f} MB ({total / args.count / 1e3:.0f} KB each)", flush=True)
        os.sync()
        time.sleep(args.settle)
        ratios = [one_round(work / f"round-{n}", folder, args, n) for n in range(1, args.rounds + 1)]
        print(f"ingest vs cp -r + hashlib over {args.rounds} rounds: {', '.join(f'{r:.2f}x' for r in ratios)} "
              f"-> median {statistics.median(ratios):.2f}x (target <= 2x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
