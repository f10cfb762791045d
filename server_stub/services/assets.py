"""The asset browser's query: filters, keyset pages, and where each asset stands — one query a page.

Search semantics (``search``): the text is split into words; every word must match, each either as the
start of a word the asset is found by (names, folder, tags, every version's comment, prompts, titles,
trigger words — SQLite FTS5 or PostgreSQL full-text, indexed) or as a substring of the asset's folder,
name or tags (so ``vill`` finds ``villain`` and ``AMM`` finds ``gamma``). ``meta`` filters keep assets
whose latest metadata has exactly that text value for each key (numbers compare as JSON text, a list
matches any of its items), through the indexed ``asset_fields`` table.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from brickyard.core.errors import InvalidInput
from brickyard.core.limits import INT_MAX, control_characters
from brickyard.core.models import AssetPage, AssetPublic, Status
from brickyard.core.reference import Reference
from sqlalchemy import (
    String,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from ..tables import Asset, AssetField, AssetSearch, Version
from .access import ProjectAccess
from .resolve import latest_approved_number, latest_number


@dataclass(frozen=True)
class AssetFilters:
    folder: str | None = None
    kind: str | None = None
    tag: str | None = None
    status: Status | None = None
    search: str | None = None  # words, all of which must match
    meta: Mapping[str, str] | None = None  # key → exact text value, all of which must match


WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 16


def search_terms(search: str) -> list[str]:
    """The words of a search, lower-cased, at most ``MAX_WORDS``; punctuation separates words."""
    return list(dict.fromkeys(WORD.findall(search.lower())))[:MAX_WORDS]


def _word_match(db: Session, word: str):
    """Assets whose search words include one starting with ``word`` (an indexed full-text query)."""
    if db.get_bind().dialect.name == "postgresql":
        query = func.to_tsquery(literal_column("'simple'"), word + ":*")
        return Asset.id.in_(select(AssetSearch.asset_id).where(
            func.to_tsvector(literal_column("'simple'"), AssetSearch.body).op("@@")(query)))
    return Asset.id.in_(select(literal_column("rowid")).select_from(text("asset_search_fts"))
                        .where(text("asset_search_fts MATCH :fts").bindparams(
                            bindparam("fts", f'"{word}"*', unique=True))))  # one parameter per word


def _search(db: Session, search: str):
    conditions = []
    for word in search_terms(search) or [search.strip().lower()]:
        conditions.append(or_(_word_match(db, word) if WORD.fullmatch(word) else False,
                              func.lower(Asset.folder).contains(word, autoescape=True),
                              func.lower(Asset.name).contains(word, autoescape=True),
                              func.lower(cast(Asset.tags, String)).contains(word, autoescape=True)))
    return and_(*conditions)


def _meta(meta: Mapping[str, str]):
    return and_(*(Asset.id.in_(select(AssetField.asset_id).where(AssetField.key == key, AssetField.value == value))
                  for key, value in meta.items()))


def latest_status():
    """The status of the latest version; 'deprecated' when every version is deprecated."""
    newest = (select(Version.status)
              .where(Version.asset_id == Asset.id, Version.status != Status.deprecated.value)
              .order_by(Version.number.desc()).limit(1).correlate(Asset).scalar_subquery())
    return func.coalesce(newest, Status.deprecated.value)


def encode_cursor(folder: str, name: str, asset_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([folder, name, asset_id]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, str, int]:
    try:
        folder, name, asset_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not (isinstance(folder, str) and isinstance(name, str) and isinstance(asset_id, int)
                and 0 <= asset_id <= INT_MAX and not control_characters(folder + name)):
            raise ValueError("not a cursor")
        return folder, name, asset_id
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error):
        raise InvalidInput("the cursor is not one this server handed out; start again without it",
                           detail={"cursor": cursor}) from None


def _has_tag(db: Session, tag: str):
    if db.get_bind().dialect.name == "postgresql":
        return type_coerce(Asset.tags, JSONB).contains([tag])  # jsonb @>
    each = func.json_each(Asset.tags).table_valued("value")
    return exists(select(literal_column("1")).select_from(each).where(each.c.value == tag))


def list_assets(db: Session, access: ProjectAccess, filters: AssetFilters, cursor: str | None,
                limit: int) -> AssetPage:
    status = latest_status().label("latest_status")
    query = select(Asset, latest_number().label("latest"), latest_approved_number().label("approved"),
                   status).where(Asset.project_id == access.project.id)
    if filters.folder:
        folder = filters.folder.strip("/")
        query = query.where(or_(Asset.folder == folder, Asset.folder.startswith(folder + "/", autoescape=True)))
    if filters.kind:
        query = query.where(Asset.kind == filters.kind)
    if filters.tag:
        query = query.where(_has_tag(db, filters.tag))
    if filters.status:
        query = query.where(latest_status() == filters.status.value)
    if filters.search and filters.search.strip():
        query = query.where(_search(db, filters.search))
    if filters.meta:
        query = query.where(_meta(filters.meta))
    if cursor:
        query = query.where(tuple_(Asset.folder, Asset.name, Asset.id) > tuple_(*decode_cursor(cursor)))
    rows = db.execute(query.order_by(Asset.folder, Asset.name, Asset.id).limit(limit + 1)).all()
    items = [AssetPublic(
        id=a.id, project=access.project.code, folder=a.folder, name=a.name, kind=a.kind, tags=a.tags,
        metadata=a.meta, latest_version=latest, latest_status=Status(st), latest_approved=approved,
        reference=str(Reference(access.project.code, a.folder, a.name))) for a, latest, approved, st in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return AssetPage(items=items, next_cursor=encode_cursor(last.folder, last.name, last.id) if last else None)
