"""What the asset page's preview area shows: a plain list of previews, one dict each.

Each preview is ``{role, media_type, url, state, error, label, frames}``: ``role`` is thumbnail |
review_image | proxy | poster | waveform | frames; ``frames`` lists ``(frame, url)`` for a sequence.
Today they come from what was published (browser-playable files and the publisher's thumbnail); the
review-media jobs' previews feed the same list, so the template does not change when they arrive.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from brickyard.core.models import VersionPublic

IMAGE = {"png", "jpg", "jpeg", "webp", "gif", "avif"}
VIDEO = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg"}
AUDIO = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "flac": "audio/flac",
         "m4a": "audio/mp4", "opus": "audio/ogg"}
# Only these are ever sent inline; anything else is a download (an uploaded HTML or SVG must not run here).
INLINE_TYPES = ({f"image/{t}" for t in ("png", "jpeg", "webp", "gif", "avif")}
                | set(VIDEO.values()) | set(AUDIO.values()))


def media_type(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext in VIDEO:
        return VIDEO[ext]
    if ext in AUDIO:
        return AUDIO[ext]
    if ext in IMAGE:
        return "image/jpeg" if ext in ("jpg", "jpeg") else f"image/{ext}"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def file_url(code: str, version_id: int, sha256: str, path: str = "") -> str:
    name = path.rsplit("/", 1)[-1]
    return f"/p/{code}/v/{version_id}/file/{sha256}" + (f"/{name}" if name else "")


def published_previews(version: VersionPublic) -> list[dict[str, Any]]:
    """Previews made from the published files themselves; the thumbnail when nothing else plays."""
    found: list[dict[str, Any]] = []
    for rep in version.representations:
        kinds = {media_type(f.path).split("/")[0] for f in rep.files}
        if kinds == {"image"} and len(rep.files) > 1:
            frames = sorted(rep.files, key=lambda f: (f.frame if f.frame is not None else 0, f.path))
            found.append(_preview("frames", "image/*", None, f"{rep.name}: {len(frames)} frames", frames=[
                (f.frame if f.frame is not None else i + 1, file_url(version.project, version.id, f.sha256, f.path))
                for i, f in enumerate(frames)]))
            continue
        for file in rep.files:
            kind = media_type(file.path)
            if kind in INLINE_TYPES:
                role = "review_image" if kind.startswith("image/") else "proxy"
                found.append(_preview(role, kind, file_url(version.project, version.id, file.sha256, file.path),
                                      f"{rep.name}: {file.path}"))
    if not found and version.thumbnail:
        found.append(_preview("thumbnail", "image/*", file_url(version.project, version.id, version.thumbnail),
                              "the publisher's thumbnail"))
    return found


def _preview(role: str, kind: str, url: str | None, label: str, frames=None) -> dict[str, Any]:
    return {"role": role, "media_type": kind, "url": url, "state": "ready", "error": None, "label": label,
            "frames": frames or []}
