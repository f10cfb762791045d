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
    blob_store: str = ""  # empty: the data folder's blobs/; or s3://BUCKET/PREFIX
    # How an S3 upload is verified: "checksum" (the store checked the signed SHA-256: AWS, MinIO, Ceph RGW)
    # or "rehash" (the server reads the object back; for stores that do not check checksums)
    s3_verify: str = "checksum"
    s3_part_mib: int = 64  # blobs larger than this go to the bucket as multipart uploads of such parts
    shutdown_grace_seconds: float = 30.0  # how long a stopping server lets uploads in flight finish

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'brickyard.db'}"
        return self

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def admin_token_path(self) -> Path:
        return self.data_dir / "admin-token"
