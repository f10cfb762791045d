"""Publishing to an S3 store through presigned URLs, side by side with boto3's ``upload_file`` of the same
file to the same S3 server (moto's standalone server, started here; or any endpoint in AWS_ENDPOINT_URL).

    python benchmarks/s3_publish.py [--size-mib 512] [--rounds 3]

Each round makes a fresh file, uploads it with ``upload_file`` (boto3's defaults: multipart, 10 threads),
then publishes it with the Brickyard client (hash, presigned PUT, server-side verify and copy). Printed:
the ratio of upload_file's time to the publish's (target ≥ 0.8×), median over the rounds, for a server
trusting the store's checked checksum (``BRICKYARD_S3_VERIFY=checksum``, what AWS S3 and MinIO allow)
and for one re-reading each upload (``rehash``, what moto needs: it keeps checksums without checking).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, peak_rss_mib, running_server, scratch_dir  # noqa: E402
from publish_throughput import make_file, publish  # noqa: E402

from tests.support.s3 import start_moto  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch_dir()
    moto = start_moto(work)
    os.environ.update(moto.env)
    try:
        s3 = moto.client()
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        s3.create_bucket(Bucket=bucket)
        mib = args.size_mib
        for verify in ("checksum", "rehash"):
            with running_server(work, name=f"data-{verify}", blob_store=f"s3://{bucket}/{verify}",
                                env={"BRICKYARD_S3_VERIFY": verify}) as (server, url, token):
                cache = work / f"cache-{verify}"
                admin_project(url, token, cache_dir=cache).close()
                ratios = []
                for round_ in range(args.rounds):
                    source = work / f"plate-{verify}-{round_}.bin"
                    make_file(source, mib << 20, round_ + (100 if verify == "rehash" else 0))
                    start = time.perf_counter()
                    s3.upload_file(str(source), bucket, f"boto3/{source.name}")
                    boto_seconds = time.perf_counter() - start
                    result = publish(url, token, source, cache)
                    ratios.append(boto_seconds / result["seconds"])
                    print(f"{verify} round {round_ + 1}: upload_file {boto_seconds:6.2f} s, publish "
                          f"{result['seconds']:6.2f} s -> {ratios[-1]:.2f}x (client RSS {result['rss_mib']:.0f} MiB)",
                          flush=True)
                    source.unlink()
                print(f"S3 presigned publish vs boto3 upload_file, {mib} MiB, verify={verify}: median "
                      f"{statistics.median(ratios):.2f}x (target >= 0.8x); server peak RSS "
                      f"{peak_rss_mib(server.pid):.0f} MiB\n", flush=True)
    finally:
        moto.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
