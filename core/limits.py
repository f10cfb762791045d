"""The limits every payload keeps, in one place, for the client and the server alike.

Each limit is one both databases can store (PostgreSQL is the stricter: 32-bit ``INTEGER`` columns,
``VARCHAR(n)``, no NUL in text) and that keeps a version downloadable on every filesystem (no control
characters in a path, no part longer than 255 bytes). A value past a limit is refused with 422 and a
message naming the limit, so SQLite and PostgreSQL answer the same.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, Field

INT_MAX = 2**31 - 1  # PostgreSQL INTEGER: ids, version numbers, frames
BIGINT_MAX = 2**63 - 1  # PostgreSQL BIGINT: byte sizes

CODE_MAX = 64  # project codes, user names, kinds, representation names
ASSET_NAME_MAX = 128
FOLDER_MAX = 512
PROJECT_NAME_MAX = 256
TAG_MAX = 64
TAGS_PER_VERSION_MAX = 64
TAGS_PER_ASSET_MAX = 256
COMMENT_MAX = 65536  # characters
METADATA_MAX_BYTES = 256 * 1024  # as compact JSON
METADATA_DEPTH_MAX = 32
FILE_PATH_MAX = 1024  # characters
PATH_PART_MAX_BYTES = 255  # the common filesystem limit on one name
WORKFILE_MAX = 4096
INPUTS_MAX = 1000
REFERENCE_MAX = 2048
FILES_PER_REPRESENTATION_MAX = 100_000
REPRESENTATIONS_MAX = 100
SETTING_MAX = 1024


BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# The characters each kind of value refuses, as regex class ranges: Cc is exactly U+0000–U+001F and
# U+007F–U+009F; then the line and paragraph separators; single-line values also the bidirectional marks.
_SINGLE_LINE_REFUSED = "\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FREE_TEXT_REFUSED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
_SURROGATES = "\ud800-\udfff"  # Cs: refused too, though no JSON Schema pattern can say so
# Every character the loop below could report: a text none of them is in has nothing to report.
_ANY_CONTROL = re.compile(f"[{_SINGLE_LINE_REFUSED}{_SURROGATES}]")
_ANY_CONTROL_LINES = re.compile(f"[{_FREE_TEXT_REFUSED}{_SURROGATES}]")


def control_characters(text: str, *, allow_lines: bool = False) -> list[str]:
    """The control characters in ``text``, as escapes.

    Single-line values (names, paths, tags; ``allow_lines`` False) also refuse tab, newline and the
    bidirectional marks that make ``evil\\u202egnp.exe`` display as ``evilexe.png``; free text keeps them.
    """
    if not (_ANY_CONTROL_LINES if allow_lines else _ANY_CONTROL).search(text):
        return []  # the common case, found by one regex scan instead of a lookup per character
    found = []
    for char in text:
        if allow_lines and char in "\t\n\r":
            continue
        if (unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"
                or (not allow_lines and char in BIDI_CONTROLS)):
            found.append(ascii(char)[1:-1])
    return sorted(set(found))


def _single_line(value: str) -> str:
    bad = control_characters(value)
    if bad:
        raise ValueError(f"must not contain control characters (found {', '.join(bad)})")
    return value


def _text(value: str) -> str:
    bad = control_characters(value, allow_lines=True)
    if bad:
        raise ValueError(f"must not contain control characters other than tab and newline "
                         f"(found {', '.join(bad)})")
    return value


# The same rules as JSON Schema patterns, so the OpenAPI document says what is refused (only documented:
# the validators above give the better message).
SINGLE_LINE_PATTERN = f"^[^{_SINGLE_LINE_REFUSED}]*$"
FREE_TEXT_PATTERN = f"^[^{_FREE_TEXT_REFUSED}]*$"
SingleLine = AfterValidator(_single_line)
FreeText = AfterValidator(_text)
_LINE = {"pattern": SINGLE_LINE_PATTERN}

# The string types of the wire models (core/models.py); each names its limit.
Code = Annotated[str, Field(min_length=1, max_length=CODE_MAX, json_schema_extra=_LINE), SingleLine]
AssetName = Annotated[str, Field(min_length=1, max_length=ASSET_NAME_MAX, json_schema_extra=_LINE), SingleLine]
FolderPath = Annotated[str, Field(max_length=FOLDER_MAX, json_schema_extra=_LINE), SingleLine]
ProjectName = Annotated[str, Field(max_length=PROJECT_NAME_MAX, json_schema_extra=_LINE), SingleLine]
Tag = Annotated[str, Field(min_length=1, max_length=TAG_MAX, json_schema_extra=_LINE), SingleLine]
Comment = Annotated[str, Field(max_length=COMMENT_MAX, json_schema_extra={"pattern": FREE_TEXT_PATTERN}), FreeText]
ReferenceText = Annotated[str, Field(min_length=1, max_length=REFERENCE_MAX, json_schema_extra=_LINE), SingleLine]
WorkfilePath = Annotated[str, Field(max_length=WORKFILE_MAX, json_schema_extra=_LINE), SingleLine]
# naming rules, kind descriptions
Setting = Annotated[str, Field(max_length=SETTING_MAX, json_schema_extra=_LINE), SingleLine]

Int32 = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]
Id = Annotated[int, Field(ge=1, le=INT_MAX)]
ByteSize = Annotated[int, Field(ge=0, le=BIGINT_MAX)]


def check_metadata_value(value: dict[str, Any]) -> dict[str, Any]:
    """Metadata is JSON both databases store: bounded size and depth, finite numbers, no NUL."""
    _walk(value, 0)
    try:
        size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode())
    except (ValueError, TypeError) as exc:
        raise ValueError(f"metadata must be plain JSON: {exc}") from None
    if size > METADATA_MAX_BYTES:
        raise ValueError(f"metadata is {size} bytes as JSON; the limit is {METADATA_MAX_BYTES} bytes — "
                         "keep large data in a file of the version")
    return value


def _walk(value: Any, depth: int) -> None:
    if depth > METADATA_DEPTH_MAX:
        raise ValueError(f"metadata is nested deeper than {METADATA_DEPTH_MAX} levels")
    if isinstance(value, str):
        if "\0" in value:
            raise ValueError("metadata text must not contain NUL characters")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("metadata numbers must be finite (no NaN or Infinity)")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > BIGINT_MAX:
            raise ValueError(f"metadata integers must lie within ±{BIGINT_MAX}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or "\0" in key:
                raise ValueError("metadata keys must be text without NUL characters")
            _walk(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _walk(item, depth + 1)


Metadata = Annotated[dict[str, Any], AfterValidator(check_metadata_value)]


def check_file_path(value: str) -> str:
    """A path inside a representation that every filesystem can hold: relative, '/'-separated, plain parts."""
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ":" in parts[0] or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"file path {value!r} must be relative, '/'-separated, without '.' or '..'")
    bad = control_characters(value)
    if bad:
        raise ValueError(f"file path {value!r} must not contain control characters (found {', '.join(bad)})")
    long = [p for p in parts if len(p.encode()) > PATH_PART_MAX_BYTES]
    if long:
        raise ValueError(f"file path part {long[0][:40]!r}… is {len(long[0].encode())} bytes; "
                         f"the limit is {PATH_PART_MAX_BYTES} bytes per part")
    return value


def clashing_paths(paths: list[str]) -> list[str]:
    """Paths that are also a folder of another path (``a`` beside ``a/b``): both cannot exist on disk."""
    folders = {"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)}
    return sorted(p for p in paths if p in folders)
