"""The hash forms the AI ecosystem quotes, answered from what the server already holds.

A file's SHA-256 is in ``files`` (indexed); a safetensors file's tensor-bytes hash is in
``content_hashes``. Quoted forms are prefixes of one or the other: AutoV2 = 10 hex of the file hash,
A1111's Lora hash = 12 hex of the tensor hash (AutoV3/addnet), TI hash = 12 hex of the file hash,
ModelSpec ``hash_sha256`` = ``0x`` + the tensor hash, kohya ``sshs_model_hash`` = the tensor hash.
A prefix is looked up as a range (``>= p`` and ``< p + 'g'``), so the B-tree index answers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tables import Asset, ContentHash, File, Representation, Version

HEX = re.compile(r"^[0-9a-f]{8,64}$")
MIN_PREFIX = 10  # 8 hex (AutoV1) is a slice of the file, not a prefix of any hash; shorter is too loose


@dataclass(frozen=True)
class HashMatch:
    version_id: int
    form: str  # "file" or "tensor"
    sha256: str


def normalise(quoted: object) -> str | None:
    """``'0xABC…'`` → ``'abc…'``; None for anything that is not a usable hex prefix."""
    if not isinstance(quoted, str):
        return None
    text = quoted.strip().lower()
    text = text[2:] if text.startswith("0x") else text
    text = text[7:] if text.startswith("sha256:") else text
    return text if HEX.match(text) and len(text) >= MIN_PREFIX else None


def _range(column, prefix: str):
    return (column >= prefix) & (column < prefix + "g")


def find(db: Session, project_id: int, quoted: object, of: str = "any") -> list[HashMatch]:
    """Versions of the project whose content the quoted hash names; ``of`` is file, tensor or any."""
    prefix = normalise(quoted)
    if prefix is None:
        return []
    found: list[HashMatch] = []
    if of in ("tensor", "any"):
        rows = db.execute(select(ContentHash.version_id, ContentHash.sha256)
                          .where(ContentHash.project_id == project_id, _range(ContentHash.sha256, prefix))
                          .order_by(ContentHash.version_id)).all()
        found += [HashMatch(v, "tensor", s) for v, s in rows]
    if of in ("file", "any") and not found:
        rows = db.execute(select(Version.id, File.sha256).distinct()
                          .join(Representation, Representation.id == File.representation_id)
                          .join(Version, Version.id == Representation.version_id)
                          .join(Asset, Asset.id == Version.asset_id)
                          .where(Asset.project_id == project_id, _range(File.sha256, prefix))
                          .order_by(Version.id)).all()
        found += [HashMatch(v, "file", s) for v, s in rows]
    return found


def find_exact(db: Session, project_id: int, digests: list[str]) -> dict[str, list[HashMatch]]:
    """Full SHA-256s, many at once (a few queries per 500): the file and tensor hashes they name."""
    from .batching import chunks

    found: dict[str, list[HashMatch]] = {}
    for chunk in chunks(sorted(set(digests))):
        rows = db.execute(select(ContentHash.version_id, ContentHash.sha256)
                          .where(ContentHash.project_id == project_id, ContentHash.sha256.in_(chunk))).all()
        rows_f = db.execute(select(Version.id, File.sha256).distinct()
                            .join(Representation, Representation.id == File.representation_id)
                            .join(Version, Version.id == Representation.version_id)
                            .join(Asset, Asset.id == Version.asset_id)
                            .where(Asset.project_id == project_id, File.sha256.in_(chunk))).all()
        for version_id, sha in sorted(rows_f):
            found.setdefault(sha, []).append(HashMatch(version_id, "file", sha))
        for version_id, sha in sorted(rows):
            found.setdefault(sha, []).append(HashMatch(version_id, "tensor", sha))
    return found
