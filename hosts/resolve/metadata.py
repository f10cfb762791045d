"""Where a container lives on a media-pool clip.

Resolve 19.0.2 and newer: third-party clip metadata under the key ``brickyard.container`` (any key,
invisible to the artist). Older releases take only their predefined fields, so the container goes on
a line of its own at the end of "VFX Notes", after whatever the artist wrote there (kept as it is).
Both are wiped by ``ReplaceClip``: the switch restores them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import BrickyardError

from .connection import Release

if TYPE_CHECKING:
    from fusionscript import MediaPoolItem

KEY = "brickyard.container"
FALLBACK_FIELD = "VFX Notes"
FALLBACK_PREFIX = "brickyard:container "
THIRD_PARTY_SINCE: Release = (19, 0, 2)


class ClipMetadata:
    """Reads and writes container data on clips, the way the running release allows."""

    def __init__(self, release: Release):
        self.third_party = release >= THIRD_PARTY_SINCE

    @property
    def where(self) -> str:
        return f"third-party metadata {KEY!r}" if self.third_party else f"the {FALLBACK_FIELD!r} field"

    def read(self, clip: MediaPoolItem) -> dict[str, Any] | None:
        text = clip.GetThirdPartyMetadata(KEY) if self.third_party else _fallback_line(clip)
        if not isinstance(text, str) or not text:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def write(self, clip: MediaPoolItem, data: dict[str, Any]) -> None:
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        if self.third_party:
            ok = clip.SetThirdPartyMetadata(KEY, text)
        else:
            ok = clip.SetMetadata(FALLBACK_FIELD, _with_line(_notes(clip), FALLBACK_PREFIX + text))
        if not ok:
            raise BrickyardError(f"Resolve refused to store the container on the clip {clip.GetName()!r} "
                                 f"({self.where}); is the project read-only?")

    def clear(self, clip: MediaPoolItem) -> None:
        if self.third_party:
            clip.SetThirdPartyMetadata(KEY, "")
        else:
            clip.SetMetadata(FALLBACK_FIELD, _with_line(_notes(clip), None))


def _notes(clip: MediaPoolItem) -> str:
    value = clip.GetMetadata(FALLBACK_FIELD)
    return value if isinstance(value, str) else ""


def _fallback_line(clip: MediaPoolItem) -> str:
    for line in reversed(_notes(clip).splitlines()):
        if line.startswith(FALLBACK_PREFIX):
            return line[len(FALLBACK_PREFIX):]
    return ""


def _with_line(notes: str, line: str | None) -> str:
    """The artist's notes with Brickyard's line replaced by ``line`` (or removed when None)."""
    kept = [n for n in notes.splitlines() if not n.startswith(FALLBACK_PREFIX)]
    while kept and not kept[-1].strip():
        kept.pop()
    if line is not None:
        kept += ([""] if kept else []) + [line]
    return "\n".join(kept)
