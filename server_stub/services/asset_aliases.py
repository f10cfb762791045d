"""Old names of renamed or moved assets (see ``asset_moves``): looked up in bulk, where a name is not live."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ..tables import AssetAlias
from .batching import chunks


def aliased(db: Session, keys: Iterable[tuple[int, str, str]]) -> dict[tuple[int, str, str], int]:
    """``(project_id, folder, name)`` → asset id, for the old names among ``keys`` (one query per chunk)."""
    found: dict[tuple[int, str, str], int] = {}
    for chunk in chunks(sorted(set(keys))):
        rows = db.execute(select(AssetAlias.project_id, AssetAlias.folder, AssetAlias.name, AssetAlias.asset_id)
                          .where(tuple_(AssetAlias.project_id, AssetAlias.folder, AssetAlias.name).in_(chunk)))
        found.update({(pid, folder, name): aid for pid, folder, name, aid in rows})
    return found
