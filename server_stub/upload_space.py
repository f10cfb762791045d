"""Per-process temporary space for uploads in flight: ``<tmp>/<pid>-<random>/``, owned by a held lock.

Several servers may share one blob folder. Each claims its own sub-folder and holds an exclusive
``flock`` on ``owner.lock`` inside it for as long as it lives; the kernel releases that lock when the
process dies, however it dies. So at start-up a server removes only folders whose lock it can take —
provably dead uploads — and never touches the upload another live server is writing.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
from pathlib import Path

LOCK_NAME = "owner.lock"


class UploadSpace:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder: Path | None = None
        self._lock_fd: int | None = None

    def claim(self) -> Path:
        """This process's folder (created and locked on first use)."""
        if self.folder is not None and self.folder.is_dir():
            return self.folder
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f"{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(mode=0o700)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.folder, self._lock_fd = folder, fd
        return folder

    def sweep(self) -> int:
        """Remove what dead processes left (folders whose lock is free, and loose files of the old
        single-folder layout, which no running server writes any more); returns how many uploads."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for entry in self.root.iterdir():
            if entry == self.folder:
                continue
            if entry.is_dir():
                removed += self._remove_if_dead(entry)
            else:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

    def _remove_if_dead(self, folder: Path) -> int:
        try:
            fd = os.open(folder / LOCK_NAME, os.O_RDWR)
        except FileNotFoundError:
            return 0  # being created right now by a starting server (the lock comes just after mkdir)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # its owner is alive
        else:
            parts = [p for p in folder.iterdir() if p.name != LOCK_NAME]
            shutil.rmtree(folder, ignore_errors=True)
            return len(parts)
        finally:
            os.close(fd)

    def release(self) -> None:
        """Remove this process's folder (at a clean stop)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
        self.folder, self._lock_fd = None, None
