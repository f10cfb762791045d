"""Keep the search tables in step with what is published and said: metadata fields, search words
(names, tags, version comments, prompts, review comments), content hashes.

Called by the publish and comment services inside their transactions, so nothing is searchable before
it exists, nor missing from search after.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from ..tables import Asset, AssetField, AssetSearch, Comment, ContentHash, Version
from .batching import chunks, insert_dicts, insert_rows

MAX_KEY = 128
MAX_VALUE = 256
# Metadata whose words an asset is found by (beside names, folder, tags and comments).
SEARCHED_KEYS = ("prompt", "title", "description", "trigger_words", "output_name", "checkpoint", "generator")
WORD = re.compile(r"[^\W_]+")


def field_rows(metadata: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Flat ``(key, value text)`` pairs: scalars as text (numbers and booleans as JSON), a list of
    scalars as one row per item; nested maps and long text are not filterable."""
    rows = set()
    for key, value in metadata.items():
        if len(key) > MAX_KEY:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, (dict, list)) or item is None:
                continue
            text = _as_text(item)
            if len(text) <= MAX_VALUE:
                rows.add((key, text))
    return sorted(rows)


def _as_text(value: Any) -> str:
    """A scalar as its filter text: JSON's spelling (``true``, ``25``, ``6.5``), the common kinds without
    ``json.dumps`` (a bulk publish turns tens of thousands of them into text)."""
    if isinstance(value, str):
        return value
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value)


def search_words(folder: str, name: str, tags: Iterable[str], comment: str, metadata: Mapping[str, Any]) -> str:
    """The text an asset is found by, lower-cased words separated by spaces (``hero_style`` → ``hero style``)."""
    parts = [folder, name, " ".join(tags), comment]
    for key in SEARCHED_KEYS:
        value = metadata.get(key)
        parts += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    for model in metadata.get("models") or []:
        if isinstance(model, dict) and model.get("name"):
            parts.append(str(model["name"]))
    return " ".join(WORD.findall(" ".join(parts).lower()))


def with_words(body: str, words: str) -> str:
    """``body`` with the words of ``words`` it lacks appended (each word once, so the row stays small)."""
    known = set(body.split())
    extra = list(dict.fromkeys(w for w in words.split() if w not in known))
    return " ".join(filter(None, [body, *extra]))


def tensor_hash(metadata: Mapping[str, Any]) -> str | None:
    hashes = metadata.get("hashes")
    value = hashes.get("tensor_sha256") if isinstance(hashes, dict) else None
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) else None


def index_version(db: Session, *, project_id: int, asset_id: int, version_id: int, folder: str, name: str,
                  tags: list[str], comment: str, metadata: Mapping[str, Any], new_asset: bool = False) -> None:
    """The asset's fields become this version's metadata; its search words gain this version's."""
    if not new_asset:
        db.execute(delete(AssetField).where(AssetField.asset_id == asset_id))
    db.add_all(AssetField(asset_id=asset_id, key=k, value=v) for k, v in field_rows(metadata))
    row = None if new_asset else db.get(AssetSearch, asset_id)
    words = search_words("", "", [], comment, metadata)
    if row is None:
        db.add(AssetSearch(asset_id=asset_id, body=" ".join(filter(None, [search_words(folder, name, tags, "", {}),
                                                                         words]))))
    else:
        row.body = with_words(row.body, search_words("", "", tags, "", {}) + " " + words)
    digest = tensor_hash(metadata)
    if digest:
        db.add(ContentHash(version_id=version_id, form="tensor", sha256=digest, project_id=project_id))


def index_comment(db: Session, asset_id: int, text: str) -> None:
    """A review comment's words find its asset (called inside the comment's transaction)."""
    row = db.get(AssetSearch, asset_id)
    words = search_words("", "", [], text, {})
    if row is None:
        db.add(AssetSearch(asset_id=asset_id, body=words))
    elif words:
        row.body = with_words(row.body, words)


def reindex_asset(db: Session, asset_id: int) -> None:
    """Rebuild an asset's search words from what it says now: after a comment edit, the replaced text
    must stop finding it (its history stays readable in the thread, not searchable)."""
    asset = db.get(Asset, asset_id)
    if asset is None:
        return
    parts = [search_words(asset.folder, asset.name, asset.tags, "", {})]
    for comment, metadata in db.execute(select(Version.comment, Version.meta).where(Version.asset_id == asset_id)
                                        .order_by(Version.number)):
        parts.append(search_words("", "", [], comment or "", metadata or {}))
    for (text,) in db.execute(select(Comment.text).join(Version, Version.id == Comment.version_id)
                              .where(Version.asset_id == asset_id).order_by(Comment.id)):
        parts.append(search_words("", "", [], text, {}))
    body = with_words("", " ".join(parts))
    row = db.get(AssetSearch, asset_id)
    if row is None:
        db.add(AssetSearch(asset_id=asset_id, body=body))
    elif row.body != body:
        row.body = body


@dataclass(frozen=True)
class Indexed:
    """One version for ``index_many``: what ``index_version`` takes."""
    asset_id: int
    version_id: int
    folder: str
    name: str
    tags: list[str]
    comment: str
    metadata: Mapping[str, Any]
    new_asset: bool


def index_many(db: Session, project_id: int, versions: list[Indexed]) -> None:
    """``index_version`` for many versions (in publish order) with a few statements however many: the end
    state is the same as indexing them one by one."""
    fresh = {v.asset_id for v in versions if v.new_asset}
    old = sorted({v.asset_id for v in versions} - fresh)
    bodies: dict[int, str] = {}
    for chunk in chunks(old):
        bodies.update(db.execute(select(AssetSearch.asset_id, AssetSearch.body)
                                 .where(AssetSearch.asset_id.in_(chunk))).tuples().all())
    had = set(bodies)
    fields: dict[int, list[tuple[str, str]]] = {}
    for v in versions:
        fields[v.asset_id] = field_rows(v.metadata)  # an asset's fields are its latest version's
        if v.asset_id in bodies:
            bodies[v.asset_id] = with_words(bodies[v.asset_id], search_words("", "", v.tags, "", {}) + " "
                                              + search_words("", "", [], v.comment, v.metadata))
        else:
            bodies[v.asset_id] = " ".join(filter(None, [search_words(v.folder, v.name, v.tags, "", {}),
                                                        search_words("", "", [], v.comment, v.metadata)]))
    for chunk in chunks(old):
        db.execute(delete(AssetField).where(AssetField.asset_id.in_(chunk)))
    insert_rows(db, AssetField.__table__, ("asset_id", "key", "value"),
                [(a, k, value) for a, pairs in fields.items() for k, value in pairs])
    new_bodies = [{"asset_id": a, "body": b} for a, b in bodies.items() if a not in had]
    insert_dicts(db, AssetSearch.__table__, new_bodies)
    changed = [{"a_id": a, "a_body": b} for a, b in bodies.items() if a in had]
    if changed:
        table = AssetSearch.__table__
        db.execute(update(table).where(table.c.asset_id == bindparam("a_id")).values(body=bindparam("a_body")),
                   changed)
    hashes = [{"version_id": v.version_id, "form": "tensor", "sha256": digest, "project_id": project_id}
              for v in versions if (digest := tensor_hash(v.metadata))]
    insert_dicts(db, ContentHash.__table__, hashes)
