"""The preview area's list: made from what was published today, and the one template that draws any list
(review media from jobs included, pending or failed)."""

from __future__ import annotations

from datetime import datetime, timezone

from brickyard.core.models import FileEntry, RepresentationPublic, Status, VersionPublic
from brickyard.server.web.previews import published_previews
from brickyard.server.web.templating import templates


def version(reps: dict[str, list[tuple[str, int | None]]], thumbnail: str | None = None) -> VersionPublic:
    def entry(i: int, path: str, frame: int | None) -> FileEntry:
        return FileEntry(path=path, size=1, sha256=f"{i:064x}", frame=frame)
    representations = [RepresentationPublic(id=n, name=name, files=[entry(n * 100 + i, p, f) for i, (p, f)
                                                                      in enumerate(files)])
                       for n, (name, files) in enumerate(reps.items())]
    return VersionPublic(id=7, project="film", folder="shots", asset="sh010", asset_id=1, kind="render", number=2,
                         status=Status.review, author="ana", comment="", metadata={}, inputs=[], thumbnail=thumbnail,
                         workfile=None, created_at=datetime.now(timezone.utc), representations=representations,
                         reference="brickyard://film/shots/sh010?version=2")


def test_sequences_play_as_frames_in_frame_order():
    [preview] = published_previews(version({"png": [("a.1002.png", 1002), ("a.1001.png", 1001)]}))
    assert preview["role"] == "frames" and [f for f, _ in preview["frames"]] == [1001, 1002]
    assert preview["frames"][0][1] == f"/p/film/v/7/file/{1:064x}/a.1001.png"


def test_playable_files_and_the_thumbnail_fallback():
    found = published_previews(version({"mp4": [("clip.mp4", None)], "wav": [("mix.wav", None)],
                                        "exr": [("plate.exr", None)]}))
    assert [(p["role"], p["media_type"]) for p in found] == [("proxy", "video/mp4"), ("proxy", "audio/wav")]
    [thumb] = published_previews(version({"cube": [("grade.cube", None)]}, thumbnail="ab" * 32))
    assert thumb["role"] == "thumbnail" and thumb["url"].endswith("ab" * 32)
    assert published_previews(version({"cube": [("grade.cube", None)]})) == []


def test_one_partial_draws_any_list():
    partial = templates.env.get_template("_previews.html")
    pending = partial.render(fps=24, number=2, previews=[
        {"role": "proxy", "media_type": "video/mp4", "url": None, "state": "processing", "error": None,
         "label": "proxy", "frames": []},
        {"role": "poster", "media_type": "image/jpeg", "url": None, "state": "failed",
         "error": "ffmpeg: <b>bad</b> input", "label": "poster", "frames": []}])
    assert "proxy: processing" in pending and "poster: failed — ffmpeg: &lt;b&gt;bad&lt;/b&gt; input" in pending
    empty = partial.render(fps=24, number=2, previews=[])
    assert 'data-testid="no-preview"' in empty
