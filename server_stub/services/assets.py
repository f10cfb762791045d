"""The asset browser's query: filters, sort orders, keyset pages, and where each asset stands — one query a page.

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
from datetime import datetime

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
from .access import ProjectAccess, as_utc
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


@dataclass(frozen=True)
class AssetSort:
    """One of the browser's orders (``SORT_KEYS``), ascending or descending (``-published``)."""
    key: str = "path"
    descending: bool = False

    @classmethod
    def parse(cls, text: str | None) -> AssetSort:
        text = (text or "path").strip()
        key = text.removeprefix("-")
        if key not in SORT_KEYS:
            raise InvalidInput(f"cannot sort by {text!r}; sort by one of {', '.join(SORT_KEYS)}, "
                               "with a leading '-' for descending (e.g. -published)", detail={"sort": text})
        return cls(key, text.startswith("-"))

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.key


DEFAULT_SORT = AssetSort()

# Each order ends with the asset id so it is total, and each is an index of ``assets`` (tables.py).
SORT_KEYS = {
    "path": (Asset.folder, Asset.name, Asset.id),  # folder, then name: the tree's order
    "name": (Asset.name, Asset.folder, Asset.id),
    "kind": (Asset.kind, Asset.folder, Asset.name, Asset.id),
    "published": (Asset.published_at, Asset.id),  # the newest version's date
    "updated": (Asset.updated_at, Asset.id),  # the last publish or status change
}


def _cursor_values(asset: Asset, sort: AssetSort) -> list:
    values = [getattr(asset, column.key) for column in SORT_KEYS[sort.key]]
    return [as_utc(v).isoformat() if isinstance(v, datetime) else v for v in values]


def encode_cursor(asset: Asset, sort: AssetSort) -> str:
    return base64.urlsafe_b64encode(json.dumps([str(sort), _cursor_values(asset, sort)]).encode()).decode()


def decode_cursor(cursor: str, sort: AssetSort) -> list:
    """The sort values of the last asset of the previous page; a cursor of another sort is refused."""
    try:
        order, values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        columns = SORT_KEYS[sort.key]
        if order != str(sort) or not isinstance(values, list) or len(values) != len(columns):
            raise ValueError("not a cursor of this sort")
        decoded = []
        for column, value in zip(columns, values):
            if column.type.python_type is datetime:
                value = datetime.fromisoformat(value)
            elif isinstance(value, bool) or not isinstance(value, column.type.python_type):
                raise ValueError("wrong type")
            if isinstance(value, int) and not 0 <= value <= INT_MAX:
                raise ValueError("out of range")
            if isinstance(value, str) and control_characters(value):
                raise ValueError("control characters")
            decoded.append(value)
        return decoded
    except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error):
        raise InvalidInput("the cursor is not one this server handed out for this sort; start again without it",
                           detail={"cursor": cursor}) from None


def _after(cursor: str, sort: AssetSort):
    columns = SORT_KEYS[sort.key]
    values = tuple_(*(bindparam(None, v, type_=c.type, unique=True)
                      for c, v in zip(columns, decode_cursor(cursor, sort))))
    return tuple_(*columns) < values if sort.descending else tuple_(*columns) > values


def _has_tag(db: Session, tag: str):
    if db.get_bind().dialect.name == "postgresql":
        return type_coerce(Asset.tags, JSONB).contains([tag])  # jsonb @>
    each = func.json_each(Asset.tags).table_valued("value")
    return exists(select(literal_column("1")).select_from(each).where(each.c.value == tag))


def list_assets(db: Session, access: ProjectAccess, filters: AssetFilters, cursor: str | None,
                limit: int, sort: AssetSort = DEFAULT_SORT) -> AssetPage:
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
        query = query.where(_after(cursor, sort))
    order = [c.desc() if sort.descending else c.asc() for c in SORT_KEYS[sort.key]]
    rows = db.execute(query.order_by(*order).limit(limit + 1)).all()
    items = [AssetPublic(
        id=a.id, project=access.project.code, folder=a.folder, name=a.name, kind=a.kind, tags=a.tags,
        metadata=a.meta, latest_version=latest, latest_status=Status(st), latest_approved=approved,
        reference=str(Reference(access.project.code, a.folder, a.name)), published_at=as_utc(a.published_at),
        updated_at=as_utc(a.updated_at)) for a, latest, approved, st in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return AssetPage(items=items, next_cursor=encode_cursor(last, sort) if last else None)
