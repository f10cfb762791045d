"""Publishing to an S3 store through presigned URLs, side by side with boto3's ``upload_file`` of the same
file to the same S3 server (moto's standalone server, started here; or any endpoint in AWS_ENDPOINT_URL).

    python benchmarks/s3_publish.py [--size-mib 256] [--small-mib 16] [--rounds 3]

Each round makes a fresh file, uploads it with ``upload_file`` (boto3's defaults: 8 MiB parts, 10 threads),
then publishes it with the Brickyard client in a fresh process: a new file read once — a large one sent in
parts several at once, hashed on the way, then completed and re-read by the server to verify it (and kept
where it landed, its key recorded on the blob's row: no copy); a small one (one part or less) hashed in memory
and sent as one PUT whose checksum the store checks. Printed per size: the ratio of upload_file's time to the
publish's (target ≥ 0.8×), median over the rounds, and the same ratio up to the moment the client's last byte
was in the bucket (before the server's verification), for a server trusting the store's checked checksum
(``BRICKYARD_S3_VERIFY=checksum``, what AWS S3 and MinIO allow; a multipart upload is re-read all the same)
and for one re-reading each upload (``rehash``, what moto needs: it keeps checksums without checking them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, peak_rss_mib, running_server, scratch_dir  # noqa: E402
from publish_throughput import make_file  # noqa: E402

from tests.support.s3 import start_moto  # noqa: E402

PUBLISHER = r"""
import json, sys, time
from pathlib import Path
from brickyard.core.client import Client
url, token, path, cache = sys.argv[1:5]
size = Path(path).stat().st_size
sent_at = [None]
def progress(event):
    if event.phase == "upload" and event.done >= size and sent_at[0] is None:
        sent_at[0] = time.perf_counter()
with Client(url=url, token=token, timeout=600, cache_dir=cache) as client:
    start = time.perf_counter()
    client.publish("bench", Path(path).stem.replace("-", "_"), "video", [path], progress=progress)
    seconds = time.perf_counter() - start
status = Path("/proc/self/status").read_text()
hwm = [int(l.split()[1]) / 1024 for l in status.splitlines() if l.startswith("VmHWM:")][0]
print(json.dumps({"seconds": seconds, "sent": (sent_at[0] or start + seconds) - start, "rss_mib": hwm}))
"""


def publish(url: str, token: str, path: Path, cache: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PUBLISHER, url, token, str(path), str(cache)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=256, help="a large file: a multipart upload")
    parser.add_argument("--small-mib", type=int, default=16, help="a small file: one PUT (at most one part)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch_dir()
    moto = start_moto(work)
    os.environ.update(moto.env)
    try:
        s3 = moto.client()
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        s3.create_bucket(Bucket=bucket)
        for verify in ("checksum", "rehash"):
            with running_server(work, name=f"data-{verify}", blob_store=f"s3://{bucket}/{verify}",
                                env={"BRICKYARD_S3_VERIFY": verify}) as (server, url, token):
                cache = work / f"cache-{verify}"
                admin_project(url, token, cache_dir=cache).close()
                client_rss = 0.0
                for mib, how in ((args.small_mib, "one PUT"), (args.size_mib, "multipart")):
                    ratios, sent_ratios = [], []
                    for round_ in range(args.rounds):
                        source = work / f"plate-{verify}-{mib}-{round_}.bin"
                        make_file(source, mib << 20, round_ + mib * 10 + (1000 if verify == "rehash" else 0))
                        start = time.perf_counter()
                        s3.upload_file(str(source), bucket, f"boto3/{source.name}")
                        boto_seconds = time.perf_counter() - start
                        result = publish(url, token, source, cache)
                        ratios.append(boto_seconds / result["seconds"])
                        sent_ratios.append(boto_seconds / result["sent"])
                        client_rss = max(client_rss, result["rss_mib"])
                        print(f"{verify} {mib} MiB ({how}) round {round_ + 1}: upload_file {boto_seconds:6.2f} s, "
                              f"publish {result['seconds']:6.2f} s (all bytes in the bucket at {result['sent']:6.2f} s)"
                              f" -> {ratios[-1]:.2f}x ({sent_ratios[-1]:.2f}x to the last byte; client RSS "
                              f"{result['rss_mib']:.0f} MiB)", flush=True)
                        source.unlink()
                    print(f"S3 presigned publish vs boto3 upload_file, {mib} MiB ({how}), verify={verify}: median "
                          f"{statistics.median(ratios):.2f}x (target >= 0.8x); to the last byte in the bucket "
                          f"{statistics.median(sent_ratios):.2f}x\n", flush=True)
                server_rss = peak_rss_mib(server.pid)
                print(f"peak RSS, verify={verify}: client {client_rss:.0f} MiB, server {server_rss:.0f} MiB "
                      "(target < 200 MiB each)\n", flush=True)
    finally:
        moto.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
