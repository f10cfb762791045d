"""The publish journal: a publish's Idempotency-Key kept on disk beside the cache until its answer arrives.

A process killed after the server committed a version but before it read the answer leaves its entry
behind; running the same publish again finds the entry by what is being published (the project and
the whole manifest), sends the same key, and the server answers with the version it already made —
one version, not two. An entry is removed when the server's answer (a version, or a refusal) arrives.

    >>> journal = PublishJournal(cache_dir)
    >>> entry = journal.begin("film", manifest)       # the same key for the same publish, after a crash too
    >>> ...send with entry.key...; entry.finish()
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_AGE_SECONDS = 7 * 24 * 3600  # after a week an identical publish is taken as a new one


@dataclass(frozen=True)
class JournalEntry:
    path: Path
    key: str

    def finish(self) -> None:
        """The server answered: the publish is settled, a later identical one is a new publish."""
        self.path.unlink(missing_ok=True)


class PublishJournal:
    """``<cache>/publish-journal/<sha256 of project and manifest>`` holding that publish's key."""

    def __init__(self, cache_dir: str | os.PathLike):
        self.root = Path(cache_dir).expanduser() / "publish-journal"

    def begin(self, project: str, manifest: dict[str, Any]) -> JournalEntry:
        """The entry for publishing ``manifest`` to ``project``: the key left by an unfinished try, or a new one.

        Written and flushed to disk before the request goes out, so a crash at any point leaves it.
        """
        digest = hashlib.sha256(json.dumps({"project": project, "manifest": manifest}, sort_keys=True,
                                           separators=(",", ":")).encode()).hexdigest()
        path = self.root / digest
        existing = self._read(path)
        if existing:
            return JournalEntry(path, existing)
        self.root.mkdir(parents=True, exist_ok=True)
        key = f"journal-{uuid.uuid4().hex}"
        temp = self.root / f".{digest}.{uuid.uuid4().hex}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as file:
                file.write(key)
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temp, path)  # never replaces: a concurrent identical publish keeps one key
            except FileExistsError:
                key = self._read(path) or key
            except OSError:
                os.replace(temp, path)  # a filesystem without hard links
        finally:
            temp.unlink(missing_ok=True)
        return JournalEntry(path, key)

    @staticmethod
    def _read(path: Path) -> str | None:
        try:
            if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
                return None
            key = path.read_text().strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return key or None
