"""S3-compatible servers for tests: moto's standalone server (always), MinIO where its binary exists.

Both speak real HTTP; boto3 on the server side and ``requests`` on the client side talk to them as to
AWS. Each test gets a fresh bucket.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.support.server import free_port


@dataclass
class S3Service:
    name: str
    endpoint: str
    access_key: str
    secret_key: str
    proc: subprocess.Popen
    verify: str  # "rehash" where the service stores checksums without checking them (moto)

    @property
    def env(self) -> dict[str, str]:
        """The standard AWS settings a Brickyard server (or boto3) reads."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": self.access_key,
                "AWS_SECRET_ACCESS_KEY": self.secret_key, "AWS_REGION": "us-east-1",
                "AWS_DEFAULT_REGION": "us-east-1", "BRICKYARD_S3_VERIFY": self.verify}

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, region_name="us-east-1",
                            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))

    def new_bucket(self) -> str:
        name = f"brickyard-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _wait(proc: subprocess.Popen, url: str, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


def start_moto(log_dir: Path) -> S3Service:
    port = free_port()
    log = log_dir / f"moto-{port}.log"
    moto = Path(sys.executable).with_name("moto_server")
    proc = subprocess.Popen([str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=open(log, "ab"),
                            stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    _wait(proc, endpoint + "/moto-api/", log)
    # moto keeps whatever x-amz-checksum-sha256 a client sends without checking it: re-hash there.
    return S3Service("moto", endpoint, "testing", "testing", proc, "rehash")


def minio_missing_reason() -> str | None:
    if shutil.which("minio"):
        return None
    # No registry this project reaches ships MinIO's server: on PyPI and npm only clients and wrappers
    # (npm's testcontainers module needs Docker), on Debian only Go client libraries (checked 2026-12-05).
    return ("no `minio` binary on PATH (MinIO's server is in no PyPI, npm or Debian package; install it by hand "
            "to run the blob-store tests on it too)")


def start_minio(log_dir: Path) -> S3Service:
    port = free_port()
    log = log_dir / f"minio-{port}.log"
    data = Path(tempfile.mkdtemp(prefix="minio-", dir=log_dir))
    env = {**os.environ, "MINIO_ROOT_USER": "brickyard", "MINIO_ROOT_PASSWORD": "brickyard-secret"}
    proc = subprocess.Popen([shutil.which("minio") or "minio", "server", str(data), "--address",
                             f"127.0.0.1:{port}", "--console-address", f"127.0.0.1:{free_port()}"],
                            stdout=open(log, "ab"), stderr=subprocess.STDOUT, env=env)
    endpoint = f"http://127.0.0.1:{port}"
    _wait(proc, endpoint + "/minio/health/live", log)
    return S3Service("minio", endpoint, "brickyard", "brickyard-secret", proc, "checksum")
