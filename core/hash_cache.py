"""Remember what each file hashed to, so an unchanged file is never read again to be published.

Keyed by the file's absolute path, size, modification time (ns), change time (ns) and inode: any write,
rename over, truncation or touch changes at least one of them. An entry is kept only when the file did
not change while it was read. An entry whose mtime was within ``RACY_SECONDS`` of the moment it was
recorded is *racy* (git's word): a write in the same clock tick would have left the mtime alone, so the
caller re-hashes such a file (reading it, but sending nothing) instead of trusting the entry.
Stored in SQLite (standard library) beside the blob cache, so several processes can share it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

RACY_SECONDS = 2.0  # the coarsest common mtime granularity (FAT); ext4, XFS, APFS, NTFS are far finer
_SCHEMA = """CREATE TABLE IF NOT EXISTS hashes (
    path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, sha256 TEXT NOT NULL, recorded_ns INTEGER NOT NULL, PRIMARY KEY (path));
CREATE TABLE IF NOT EXISTS uploads (
    path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, upload_id TEXT NOT NULL, PRIMARY KEY (path))"""
# A safetensors file's tensor-bytes hash (AutoV3), from an offset, beside its whole-file hash: a republish
# of an unchanged model then reads none of it for either.
_TAIL_SCHEMA = """CREATE TABLE IF NOT EXISTS tails (
    path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, tail_from INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (path))"""


class CachedHash(NamedTuple):
    sha256: str
    trusted: bool  # False: recorded too soon after the file's last write; hash it again to be sure


def file_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


class HashCache:
    """``lookup(path)`` → ``CachedHash`` or None; ``remember(path, sha256, stat_before)`` after a full read.

        >>> cache = HashCache(cache_dir / "hashes.sqlite3")
        >>> hit = cache.lookup(Path("hero.blend"))
        >>> sha = hit.sha256 if hit and hit.trusted else hash_file("hero.blend")[0]
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A commit need not reach the disk: a power cut may only forget the newest entries (never corrupt
            # the file, in WAL mode), and a forgotten entry costs one re-read. An ingest commits per slice.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(_TAIL_SCHEMA)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def lookup(self, path: Path) -> CachedHash | None:
        try:
            stat = os.stat(path)
            row = self._connect().execute(
                "SELECT size, mtime_ns, ctime_ns, inode, sha256, recorded_ns FROM hashes WHERE path = ?",
                (str(Path(path).absolute()),)).fetchone()
        except (OSError, sqlite3.Error):
            return None  # a cache that cannot be read is a cache miss, never a failed publish
        if row is None or tuple(row[:4]) != file_key(stat):
            return None
        return CachedHash(row[4], trusted=stat.st_mtime_ns < row[5] - RACY_SECONDS * 1e9)

    def remember(self, path: Path, sha256: str, before: os.stat_result,
                 tail: tuple[int, str] | None = None) -> bool:
        """Keep ``sha256`` for ``path`` if the file is as it was before it was read; True if kept.
        ``tail`` is ``(offset, sha256 of the bytes from it on)`` when that was hashed in the same read."""
        try:
            after = os.stat(path)
            if file_key(after) != file_key(before):
                return False
            db = self._connect()
            db.execute("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (str(Path(path).absolute()), *file_key(after), sha256, time.time_ns()))
            if tail is not None:
                db.execute("INSERT OR REPLACE INTO tails VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (str(Path(path).absolute()), *file_key(after), *tail))
            return True
        except (OSError, sqlite3.Error):
            return False

    def lookup_tail(self, path: Path, tail_from: int) -> str | None:
        """The remembered hash of ``path``'s bytes from ``tail_from`` on, if the file is unchanged since."""
        try:
            stat = os.stat(path)
            row = self._connect().execute(
                "SELECT size, mtime_ns, ctime_ns, inode, tail_from, sha256 FROM tails WHERE path = ?",
                (str(Path(path).absolute()),)).fetchone()
        except (OSError, sqlite3.Error):
            return None
        if row is None or tuple(row[:4]) != file_key(stat) or row[4] != tail_from:
            return None
        return row[5]

    def remember_many(self, entries: list[tuple[Path, str, os.stat_result]]) -> int:
        """``remember`` for many files in one transaction (an ingest hashes thousands); how many were kept."""
        rows = []
        now = time.time_ns()
        for path, sha256, before in entries:
            try:
                after = os.stat(path)
            except OSError:
                continue
            if file_key(after) == file_key(before):
                rows.append((str(Path(path).absolute()), *file_key(after), sha256, now))
        try:
            db = self._connect()
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error:
            return 0
        return len(rows)

    # An upload to an object store that broke off, by the same file key: a retry sends only the parts the
    # store lacks (the file is read again to hash it, but the parts the store holds are not sent again).

    def pending_upload(self, path: Path) -> str | None:
        """The upload id of an unfinished upload of this file as it is now, or None."""
        try:
            row = self._connect().execute(
                "SELECT size, mtime_ns, ctime_ns, inode, upload_id FROM uploads WHERE path = ?",
                (str(Path(path).absolute()),)).fetchone()
            current = file_key(os.stat(path))
        except (OSError, sqlite3.Error):
            return None
        return row[4] if row is not None and tuple(row[:4]) == current else None

    def remember_upload(self, path: Path, upload_id: str, before: os.stat_result) -> None:
        try:
            self._connect().execute("INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?, ?, ?)",
                                    (str(Path(path).absolute()), *file_key(before), upload_id))
        except sqlite3.Error:
            pass  # no resume next time, nothing worse

    def forget_upload(self, path: Path) -> None:
        try:
            self._connect().execute("DELETE FROM uploads WHERE path = ?", (str(Path(path).absolute()),))
        except sqlite3.Error:
            pass
