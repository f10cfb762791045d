"""Lineage by content: the models a generation names become its inputs.

A model quoted by hash links to the version whose file (or tensor bytes) the hash names — exactly; a
model named without a hash links only when that file name belongs to one asset of the project, and is
marked "name". A hash that matches nothing links nothing (it was made with something not published here).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from brickyard.core.models import LinkKind
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..tables import Asset, File, Representation, Version
from . import hash_index
from .lineage import InputLink

MODEL_ROLES = {"checkpoint", "lora", "vae", "embedding", "controlnet", "ip_adapter", "text_encoder",
               "clip_vision", "upscaler", "model"}


def _models(metadata: Mapping[str, Any]) -> list[dict[str, Any]]:
    models = [m for m in metadata.get("models") or [] if isinstance(m, dict) and m.get("role") in MODEL_ROLES]
    if isinstance(metadata.get("trained_on_sha256"), str):  # a kohya LoRA names its base checkpoint's hash
        models.append({"role": "checkpoint", "name": metadata.get("trained_on"), "hash_of": "file",
                       "hash": metadata["trained_on_sha256"], "hash_name": "ss_new_sd_model_hash"})
    return models


def content_links(db: Session, project_id: int, version_id: int, metadata: Mapping[str, Any],
                  names: dict[str, int | None] | None = None) -> list[InputLink]:
    """Hash links first (exact), then name links (unique names only); ``names`` memoises name lookups
    across the versions of one bulk request (nothing it names changes within the request's items
    unless an item publishes a model, which then clears it)."""
    return LinkFinder(db, project_id, names).links(version_id, metadata)


class LinkFinder:
    """``content_links`` for many versions: each distinct hash and name is looked up once. A bulk run
    asks after writing all its versions, passing ``later`` (the run's ids after this one) so a version
    links only to what was published before it — as if published one by one."""

    def __init__(self, db: Session, project_id: int, names: dict[str, int | None] | None = None):
        self.db, self.project_id = db, project_id
        self.names: dict[str, int | None] = {} if names is None else names
        self.hashes: dict[tuple[str, str], list[hash_index.HashMatch]] = {}

    def links(self, version_id: int, metadata: Mapping[str, Any], later: Container[int] = ()) -> list[InputLink]:
        by_hash, by_name = [], []
        for model in _models(metadata):
            if model.get("hash"):
                wanted = (str(model["hash"]), model.get("hash_of", "any"))
                if wanted not in self.hashes:
                    self.hashes[wanted] = hash_index.find(self.db, self.project_id, *wanted)
                matches = [m for m in self.hashes[wanted] if m.version_id != version_id and m.version_id not in later]
                if matches:
                    first = matches[0]  # the same bytes published twice: the first to publish them
                    evidence = f"{model.get('hash_name') or 'hash'} {model['hash']} = {first.form} sha256"
                    by_hash.append(InputLink(first.version_id, LinkKind.hash, evidence))
            elif model.get("name"):
                name = str(model["name"])
                if name not in self.names:
                    self.names[name] = _unique_name(self.db, self.project_id, name)
                found = self.names[name]
                if found is not None and found != version_id and found not in later:
                    by_name.append(InputLink(found, LinkKind.name, f"{model['role']} {model['name']}"))
        return by_hash + by_name


def _unique_name(db: Session, project_id: int, name: str) -> int | None:
    """The latest version of the one asset that published a file named ``name`` (None: none or several)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if not base:
        return None
    rows = db.execute(select(Asset.id, func.max(Version.id))
                      .join(Version, Version.asset_id == Asset.id)
                      .join(Representation, Representation.version_id == Version.id)
                      .join(File, File.representation_id == Representation.id)
                      .where(Asset.project_id == project_id,
                             or_(File.path == base, File.path.endswith("/" + base, autoescape=True)))
                      .group_by(Asset.id).limit(2)).all()
    return rows[0][1] if len(rows) == 1 else None
