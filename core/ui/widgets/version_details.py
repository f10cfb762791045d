"""What the Loader says about a version: who and when, comment, why its status was set, tags,
metadata (a LoRA's base model …), each representation's frames, and its lineage once known.

Plain functions from wire models to short HTML / text; the panel only shows them.
"""

from __future__ import annotations

import json
from html import escape

from ...frame_sets import describe_frames
from ...models import Lineage, RepresentationPublic, VersionPublic
from ..text import human_size

MAX_VALUE = 80  # a long prompt is cut here; the whole value is in the tooltip


def representation_text(rep: RepresentationPublic) -> str:
    """``exr — frames 1001-1012 (12), 4.1 MB`` for a sequence, ``blend — 1 file, 2.0 MB`` otherwise."""
    size = human_size(sum(f.size for f in rep.files))
    frames = [f.frame for f in rep.files if f.frame is not None]
    if frames:
        return f"{rep.name}  —  frames {describe_frames(frames)} ({len(frames)}), {size}"
    count = len(rep.files)
    return f"{rep.name}  —  {count} file{'s' if count != 1 else ''}, {size}"


def _value(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def details_html(version: VersionPublic, tags: list[str] | None = None) -> str:
    lines = [f"<b>{escape(version.kind)}</b> · by {escape(version.author)} · {version.created_at:%Y-%m-%d %H:%M}",
             escape(version.comment) or "<i>no comment</i>"]
    note = getattr(version, "status_comment", "")
    if note:
        lines.append(f"<b>{escape(version.status.value)}</b>: {escape(note)}")
    if tags:
        lines.append("tags: " + ", ".join(escape(t) for t in tags))
    for key, value in sorted(version.metadata.items()):
        lines.append(f"{escape(key)}: <code>{escape(_value(value))}</code>")
    return "<br>".join(lines)


def lineage_html(lineage: Lineage) -> str:
    def links(items) -> str:
        shown = [f"{escape(link.folder + '/' if link.folder else '')}{escape(link.asset)} v{link.number:03d}"
                 for link in items[:6]]
        more = f" and {len(items) - 6} more" if len(items) > 6 else ""
        return ", ".join(shown) + more if shown else "<i>nothing recorded</i>"
    return f"made from: {links(lineage.made_from)}<br>used by: {links(lineage.used_by)}"
