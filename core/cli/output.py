"""How the CLI prints: aligned tables for people, JSON for scripts, one-line errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    if not cells:
        print("(nothing)")
        return
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.upper().ljust(w) for h, w in zip(headers, widths)).rstrip())
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def print_listing(items: Sequence[Any], as_json: bool, headers: Sequence[str],
                  row: Callable[[Any], Sequence[Any]]) -> None:
    """A listing as JSON (``--json``) or as a table with one ``row(item)`` per item."""
    if as_json:
        print_json(items)
    else:
        print_table(headers, [row(item) for item in items])


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value) or "-"
    return str(value)


def error(message: str) -> None:
    """One line on stderr, whatever the message holds (a multi-line one is joined)."""
    one_line = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
    print(f"brickyard: error: {one_line}", file=sys.stderr)
