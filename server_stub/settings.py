"""Server settings: environment variables prefixed ``BRICKYARD_``, overridden by command-line flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRICKYARD_")

    data_dir: Path = Path("./brickyard-data")
    database_url: str = ""  # empty: SQLite in the data folder
    host: str = "127.0.0.1"
    port: int = 8765
    max_json_bytes: int = 16 * MiB
    max_blob_bytes: int = 1024 * 1024 * MiB  # 1 TiB
    web_session_hours: float = 12.0  # a browser sign-in lasts this long (and never past its token)
    # Review media (docs/previews.md): jobs run in `brickyard serve` on this many threads (0: only
    # `brickyard worker` processes make them), each under these limits.
    preview_workers: int = 1
    # A job whose worker has not been heard from for this long is run again (SQLite: the job's lease;
    # PostgreSQL: procrastinate's worker heartbeat, beaten every third of it).
    preview_lease_seconds: float = 60.0
    preview_retry_wait_seconds: int = 15  # the first retry's wait; the second waits 4× as long
    preview_timeout_seconds: float = 1800.0
    preview_max_seconds: float = 3 * 3600.0
    preview_max_pixels: int = 100_000_000
    preview_memory_mib: int = 3072
    blob_store: str = ""  # empty: the data folder's blobs/; or s3://BUCKET/PREFIX
    # How an S3 upload is verified: "checksum" (the store checked the signed SHA-256: AWS, MinIO, Ceph RGW)
    # or "rehash" (the server reads the object back; for stores that do not check checksums)
    s3_verify: str = "checksum"
    s3_part_mib: int = 16  # blobs larger than this go to the bucket as multipart uploads of such parts
    shutdown_grace_seconds: float = 30.0  # how long a stopping server lets uploads in flight finish

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'brickyard.db'}"
        return self

    def media_limits(self):
        from .media.limits import MediaLimits  # the media extra is imported only where it is used

        return MediaLimits(max_pixels=self.preview_max_pixels, max_seconds=self.preview_max_seconds,
                           timeout_seconds=self.preview_timeout_seconds,
                           memory_bytes=self.preview_memory_mib * MiB)

    @property
    def work_dir(self) -> Path:
        return self.data_dir / "work"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def admin_token_path(self) -> Path:
        return self.data_dir / "admin-token"
