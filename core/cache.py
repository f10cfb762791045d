"""The local content-addressed cache, and laying a version's files out under a library root.

Every blob is stored once at ``<cache>/blobs/ab/<sha256>``, read-only. A version is materialised by
hard-linking (or, across filesystems, copying) its blobs to the paths the project's file template
names, so a loaded file has a stable, human-readable, immutable path and costs no extra disk space.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import Conflict, InvalidInput
from .hashing import hash_file
from .models import NamingRules, VersionPublic
from .naming import layout_path


class BlobCache:
    """``<root>/blobs/ab/<sha256>``: one read-only file per blob.

        >>> cache = BlobCache("~/.cache/brickyard")
        >>> cache.has(sha, size) and cache.path(sha)
    """

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).expanduser()

    def path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / sha256

    def has(self, sha256: str, size: int) -> bool:
        """True when the blob is cached. Only the size is checked: blobs were verified when written."""
        try:
            return self.path(sha256).stat().st_size == size
        except FileNotFoundError:
            return False


def materialise(cache: BlobCache, version: VersionPublic, rules: NamingRules, library: str | os.PathLike, *,
                representation: str | None = None) -> list[Path]:
    """Lay out ``version``'s cached files under ``library`` by ``rules.file_template``; the paths, in order.

    A file already there is kept when identical and refused (``Conflict``) when different: a version's
    path is immutable, so a different file there is someone's work and must not be overwritten.

        >>> materialise(cache, version, project.naming, "/mnt/library")
        [PosixPath('/mnt/library/film/characters/hero/v003/hero_v003.blend')]
    """
    root = Path(library).expanduser()
    placed: list[Path] = []
    for rep in version.representations:
        if representation and rep.name != representation:
            continue
        for entry in rep.files:
            relative = layout_path(rules, folder=version.folder, asset=version.asset, version=version.number,
                                   representation=rep.name, filename=entry.path, project=version.project,
                                   kind=version.kind, frame=entry.frame, file_count=len(rep.files))
            target = inside(root, relative)
            place_file(cache.path(entry.sha256), target, sha256=entry.sha256, size=entry.size)
            placed.append(target)
    return placed


def inside(root: Path, relative: str) -> Path:
    """``root/relative``, refused unless it stays inside ``root`` — whatever the server's template says."""
    parts = relative.split("/")
    target = root.joinpath(*parts)
    base = os.path.abspath(root)
    if (any(p in ("", ".", "..") for p in parts) or os.path.isabs(relative)
            or os.path.commonpath([base, os.path.abspath(target)]) != base):
        raise InvalidInput(f"the server laid a file out at {relative!r}, outside {root}; nothing was written "
                           "there — ask a project admin to fix the project's file template",
                           detail={"path": relative, "root": str(root)})
    return target


def place_file(blob: Path, target: Path, *, sha256: str, size: int) -> None:
    """Put ``blob``'s bytes at ``target``: a hard link where possible, else a read-only copy; never overwrite."""
    if _already_there(blob, target, sha256, size):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(blob, target)  # fails rather than replace an existing target: no overwrite, even in a race
        return
    except FileExistsError:
        if _already_there(blob, target, sha256, size):
            return
        raise
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
    _copy_into_place(blob, target, sha256, size)


def _copy_into_place(blob: Path, target: Path, sha256: str, size: int) -> None:
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, open(blob, "rb") as source:
            shutil.copyfileobj(source, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o444)
        try:
            os.link(temp, target)  # atomic and refuses to overwrite, where links work within a folder
        except FileExistsError:
            if not _already_there(blob, target, sha256, size):
                raise
        except OSError:
            if target.exists() and not _already_there(blob, target, sha256, size):
                raise
            os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _already_there(blob: Path, target: Path, sha256: str, size: int) -> bool:
    """True when ``target`` holds exactly the blob's bytes; ``Conflict`` when it holds something else."""
    try:
        stat = target.stat()
    except FileNotFoundError:
        return False
    if blob.exists() and os.path.samefile(blob, target):
        return True
    if stat.st_size == size and hash_file(target)[0] == sha256:
        return True
    raise Conflict(f"{target} already exists with different content; Brickyard never overwrites a file. "
                   "Move it away (or choose another library root) and load again",
                   detail={"path": str(target), "sha256": sha256})
