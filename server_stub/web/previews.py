"""What the asset page's preview area shows: a plain list of previews, one dict each.

Each preview is ``{role, media_type, url, state, error, label, frames, poster, fps, first}``: ``role`` is thumbnail |
review_image | proxy | poster | waveform | frames; ``frames`` lists ``(frame, url)`` for a sequence;
``poster`` is the still a video shows before it plays; ``preload`` is how much of it the browser fetches
up front (all of a small review proxy, only the metadata of a published file); ``fps`` the proxy's own rate
and ``first`` the frame number of its first frame (the player's numbering, docs/web.md).

A representation with review media (``services.previews``, made by the background jobs) shows them: the
H.264 proxy of a clip or sequence, the review image of a still, the waveform and AAC proxy of a sound.
While its job is pending or running, or when it failed, the list says so (with the error) and shows what
was published meanwhile. A sequence always keeps its published frames too: the proxy plays in real time,
the frames step exactly. A representation without a job shows its published files, and a version with
nothing playable at all its thumbnail.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from brickyard.core.models import PreviewState, RepresentationPreviews, VersionPreviews, VersionPublic

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


def preview_url(code: str, preview_id: int | str, sha256: str) -> str:
    """The browser's address of one derived file (``web/media.py`` serves it on the session cookie). The
    content hash is part of it: a preview made again is a new address, never a stale cached one."""
    return f"/p/{code}/preview/{preview_id}/{sha256}"


def version_previews(version: VersionPublic, media: VersionPreviews | None) -> list[dict[str, Any]]:
    """The review media of ``version`` where its jobs made (or are making) them, published files elsewhere."""
    jobs = {rep.representation: rep for rep in (media.representations if media else [])
            if rep.state != PreviewState.none}
    found: list[dict[str, Any]] = []
    for rep in version.representations:
        job = jobs.get(rep.name)
        published = published_previews(version, only=rep.name, thumbnail=False)
        if job is None:
            found += published
        elif job.state == PreviewState.ready:
            # a sequence's proxy counts the sequence's own frame numbers; a clip's first frame is 0
            first = (rep.frame_start or 0) if job.kind == "sequence" else 0
            found += _review_media(version.project, job, first)
            found += [p for p in published if p["role"] == "frames"]
        else:
            found.append(_preview(_ROLE_OF_KIND.get(job.kind or "", "proxy"), "", None,
                                  f"{rep.name}: review media", state=job.state.value,
                                  error=job.error))
            found += published
    if not any(p["state"] == "ready" for p in found):
        found += published_previews(version, only=None, thumbnail=True, files=False)
    return found


def processing_states(media: VersionPreviews | None) -> list[dict[str, Any]]:
    """Each review-media job of a version: its representation, state (pending | running | ready | failed),
    error and attempts — what the asset page lists so a stuck or broken preview is never invisible."""
    return [{"representation": rep.representation, "kind": rep.kind, "state": rep.state.value,
             "error": rep.error, "attempts": rep.attempts}
            for rep in (media.representations if media else []) if rep.state != PreviewState.none]


_ROLE_OF_KIND = {"image": "review_image", "sequence": "proxy", "video": "proxy", "audio": "waveform"}


def _review_media(code: str, rep: RepresentationPreviews, first: int = 0) -> list[dict[str, Any]]:
    files = {f.role: f for f in rep.files}
    # The API's address of a preview ends in its id (services.previews.PREVIEW_URL); the browser gets the
    # cookie route to the same preview instead.
    url = {role: preview_url(code, f.url.rsplit("/", 1)[-1], f.sha256) for role, f in files.items()}
    found: list[dict[str, Any]] = []
    if "waveform" in files:  # a sound: its picture, then the AAC proxy to listen to
        found.append(_preview("waveform", files["waveform"].media_type, url["waveform"],
                              f"{rep.representation}: waveform"))
    if "proxy" in files:
        proxy = files["proxy"]
        detail = f"{proxy.width}×{proxy.height}, " if proxy.width else ""
        if proxy.duration is not None:
            detail += f"{proxy.duration:g} s" + (f" at {proxy.fps:g} fps" if proxy.fps else "")
        found.append(_preview("proxy", proxy.media_type, url["proxy"],
                              f"{rep.representation}: review proxy ({detail or 'sound'})", poster=url.get("poster"),
                              preload="auto",  # made small for review: load it whole, step without waits
                              fps=proxy.fps, first=first))
    elif "review_image" in files:
        found.append(_preview("review_image", files["review_image"].media_type, url["review_image"],
                              f"{rep.representation}: review image"))
    elif "poster" in files or "thumbnail" in files:
        role = "poster" if "poster" in files else "thumbnail"
        found.append(_preview(role, files[role].media_type, url[role], f"{rep.representation}: {role}"))
    return found


def published_previews(version: VersionPublic, only: str | None = None, thumbnail: bool = True,
                       files: bool = True) -> list[dict[str, Any]]:
    """Previews made from the published files themselves (of representation ``only``, or all); the
    thumbnail when nothing else plays."""
    found: list[dict[str, Any]] = []
    for rep in version.representations if files else []:
        if only is not None and rep.name != only:
            continue
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
    if not found and thumbnail and version.thumbnail:
        found.append(_preview("thumbnail", "image/*", file_url(version.project, version.id, version.thumbnail),
                              "the publisher's thumbnail"))
    return found


def _preview(role: str, kind: str, url: str | None, label: str, frames=None, poster: str | None = None,
             state: str = "ready", error: str | None = None, preload: str = "metadata", fps: float | None = None,
             first: int = 0) -> dict[str, Any]:
    return {"role": role, "media_type": kind, "url": url, "state": state, "error": error, "label": label,
            "frames": frames or [], "poster": poster, "preload": preload, "fps": fps, "first": first}
