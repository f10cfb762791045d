"""The download steps: fetch each needed blob once into the cache (verified), then lay the version out.

``Client.download`` and ``Client.fetch_blob`` call these; keeping them here keeps the client a list of verbs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .api_session import ApiSession
from .cache import BlobCache
from .errors import NotFound
from .hashing import BLOCK_SIZE
from .models import FileEntry, RepresentationPublic, VersionPublic
from .progress import Progress, ProgressCallback
from .transfer import IncomingBlob


def pick_representations(version: VersionPublic, wanted: str | None) -> list[RepresentationPublic]:
    reps = [r for r in version.representations if not wanted or r.name == wanted]
    if not reps:
        raise NotFound(f"{version.reference} has no representation {wanted!r}; it has "
                       f"{[r.name for r in version.representations]}",
                       detail={"reference": version.reference, "representation": wanted})
    return reps


def fetch_into_cache(api: ApiSession, cache: BlobCache, sha256: str, size: int,
                     report: Callable[[int], None] | None = None) -> Path:
    """GET one blob into the cache, hashed while written; a broken stream resumes where it broke (Range)."""
    incoming = IncomingBlob(cache.path(sha256), sha256=sha256, size=size, progress=report)

    def attempt() -> None:
        headers = {"Range": f"bytes={incoming.received}-"} if 0 < incoming.received < size else {}
        with api.request("GET", f"/blobs/{sha256}", stream=True, idempotent=False, headers=headers) as response:
            if response.status_code != 206:  # the whole blob (a first try, or a server ignoring Range)
                incoming.restart()
            incoming.write(response.iter_content(BLOCK_SIZE))

    try:
        api.with_retries(attempt)
        return incoming.finish()
    except BaseException:
        incoming.discard()
        raise


def fetch_files(api: ApiSession, cache: BlobCache, reps: list[RepresentationPublic],
                progress: ProgressCallback | None = None) -> int:
    """Fetch every file the cache lacks (identical files once), phase ``download``; the bytes fetched."""
    files: dict[str, FileEntry] = {f.sha256: f for rep in reps for f in rep.files}
    needed = [f for f in files.values() if not cache.has(f.sha256, f.size)]
    total = sum(f.size for f in needed)
    before = 0
    for index, entry in enumerate(needed):
        def report(done: int, index: int = index, before: int = before, name: str = entry.path) -> None:
            if progress:
                progress(Progress("download", name, before + done, total, index, len(needed)))

        fetch_into_cache(api, cache, entry.sha256, entry.size, report)
        before += entry.size
        if progress:
            progress(Progress("download", entry.path, before, total, index + 1, len(needed)))
    return total
