"""Path and query parameters every route shares, bounded once: an id past the database's INTEGER is a
422 naming the range, never an overflow inside the database."""

from __future__ import annotations

from typing import Annotated

from brickyard.core.limits import INT_MAX, SINGLE_LINE_PATTERN
from fastapi import Path, Query

_PLAIN = {"pattern": SINGLE_LINE_PATTERN}  # documented; the SafeUrl middleware refuses control characters
PathText = Annotated[str, Path(json_schema_extra=_PLAIN)]
QueryText = Annotated[str, Query(json_schema_extra=_PLAIN)]
OptionalQueryText = Annotated[str | None, Query(json_schema_extra=_PLAIN)]
RowId = Annotated[int, Path(ge=1, le=INT_MAX, description=f"a row id, 1 … {INT_MAX}")]
AfterId = Annotated[int, Query(ge=0, le=INT_MAX, description=f"an event id to start after, 0 … {INT_MAX}")]
OptionalAfterId = Annotated[int | None, Query(ge=0, le=INT_MAX,
                                              description=f"an event id to start after, 0 … {INT_MAX}")]
Sha256Path = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="a blob's sha256: 64 lower-case hex digits")]
