"""``GET /health``: liveness, without a token."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

router = APIRouter(tags=["health"])

try:
    VERSION = version("brickyard")
except PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0+unknown"


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "version": VERSION}
