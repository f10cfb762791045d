"""Metadata written as ``KEY=VALUE`` text: how ``brickyard publish --meta`` and the Publisher's form take it.

A VALUE that reads as JSON (``24``, ``true``, ``[1, 2]``) keeps its type; anything else is text.
"""

from __future__ import annotations

import json
from typing import Any


def parse_key_value(text: str) -> tuple[str, Any]:
    """``("fps", 24)`` for ``"fps=24"``; ``ValueError`` when there is no ``=`` or nothing before it."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"{text.strip()!r} must look like KEY=VALUE")
    try:
        return key.strip(), json.loads(value)
    except ValueError:
        return key.strip(), value.strip()


def format_key_value(key: str, value: Any) -> str:
    """The text ``parse_key_value`` reads back as ``(key, value)``: text that would read as something
    else (``"24"``, ``" padded "``) is written quoted."""
    plain = f"{key}={value}"
    if isinstance(value, str) and parse_key_value(plain)[1] == value:
        return plain
    return f"{key}={json.dumps(value)}"
