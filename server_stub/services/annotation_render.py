"""Flattening drawings onto their frames (Pillow): a PNG of one comment's drawing over the frame it is on,
and an image sheet (PNG or PDF) of a version's review — every drawn frame beside its comment.

The frame comes from the version's review media: the proxy's frame decoded with PyAV (a sequence's proxy
counts the sequence's own numbers), else the review image or thumbnail of a still, else a grey card the
size of the preview, so a drawing always has something to sit on.
"""

from __future__ import annotations

import io
import math
import tempfile
import textwrap
from dataclasses import dataclass

from brickyard.core.annotation_models import AnnotationPublic, Shape, ShapeKind
from brickyard.core.errors import InvalidInput
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..blobs import BlobStore
from ..tables import Preview, PreviewJob, Representation
from . import annotations as drawings  # the module's name is taken by __future__
from .access import Caller

SHEET_WIDTH = 1280  # each frame on a sheet is scaled to this width
MAX_SHEET_FRAMES = 200  # an image sheet lists at most this many drawings


def draw(picture, shapes: list[Shape]):
    """``picture`` (a PIL image) with ``shapes`` drawn over it, anti-aliased by drawing at twice the size."""
    from PIL import Image, ImageDraw

    base = picture.convert("RGBA")
    scale = 2
    w, h = base.size[0] * scale, base.size[1] * scale
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    for shape in shapes:
        colour = shape.color
        width = max(1, round(shape.width * h))
        points = [(x * w, y * h) for x, y in shape.points]
        if shape.kind == ShapeKind.pen:
            pen.line(points, fill=colour, width=width, joint="curve")
        elif shape.kind == ShapeKind.arrow:
            _arrow(pen, points[0], points[1], colour, width, h)
        elif shape.kind in (ShapeKind.rect, ShapeKind.ellipse):
            (x0, y0), (x1, y1) = points
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            (pen.rectangle if shape.kind == ShapeKind.rect else pen.ellipse)(box, outline=colour, width=width)
        elif shape.kind == ShapeKind.text:
            pen.text(points[0], shape.text or "", fill=colour, font=_font(max(12, width * 6)))
    layer = layer.resize(base.size, Image.Resampling.BOX)  # a 2:1 box filter is the supersampling average
    return Image.alpha_composite(base, layer).convert("RGB")


def _arrow(pen, start, end, colour: str, width: int, height: int) -> None:
    pen.line([start, end], fill=colour, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = max(width * 5, round(height * 0.04))
    for side in (-1, 1):
        tip = (end[0] - size * math.cos(angle + side * 0.45), end[1] - size * math.sin(angle + side * 0.45))
        pen.line([end, tip], fill=colour, width=width)


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType sizes
        return ImageFont.load_default()


@dataclass
class _Media:
    role: str
    sha256: str
    width: int | None
    height: int | None
    fps: float | None
    first: int  # the frame number of the media's first frame


def _media(db: Session, version_id: int) -> list[_Media]:
    rows = db.execute(select(Preview, PreviewJob.kind, Representation.frame_start)
                      .join(PreviewJob, PreviewJob.id == Preview.job_id)
                      .join(Representation, Representation.id == PreviewJob.representation_id)
                      .where(PreviewJob.version_id == version_id, PreviewJob.state == "ready").order_by(Preview.id))
    return [_Media(p.role, p.sha256, p.width, p.height, p.fps, (start or 0) if kind == "sequence" else 0)
            for p, kind, start in rows]


def frame_picture(db: Session, store: BlobStore, version_id: int, frame: int):
    """The picture of ``frame`` of the version as its review media show it (see the module's docstring)."""
    from PIL import Image

    media = _media(db, version_id)
    proxy = next((m for m in media if m.role == "proxy" and m.fps), None)
    if proxy is not None:
        picture = _video_frame(store, proxy, frame)
        if picture is not None:
            return picture
    for role in ("review_image", "poster", "thumbnail"):
        still = next((m for m in media if m.role == role), None)
        if still is not None:
            return Image.open(io.BytesIO(b"".join(_chunks(store, still.sha256)))).convert("RGB")
    sized = next((m for m in media if m.width and m.height), None)
    size = (sized.width or 1280, sized.height or 720) if sized else (1280, 720)
    return Image.new("RGB", size, (64, 64, 64))


def _chunks(store: BlobStore, sha256: str):
    size = store.size(sha256) or 0
    return store.iter_range(sha256, 0, size - 1) if size else iter(())


def _video_frame(store: BlobStore, proxy: _Media, frame: int):
    """Decode frame ``frame`` of the proxy: the first picture whose timestamp is at or past its start."""
    import av

    index = max(0, frame - proxy.first)
    with tempfile.NamedTemporaryFile(suffix=".mp4") as copy:  # streamed to disk: memory stays flat
        for chunk in _chunks(store, proxy.sha256):
            copy.write(chunk)
        copy.flush()
        with av.open(copy.name) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or proxy.fps or 24)
            wanted = index / rate
            if stream.time_base:
                container.seek(int(wanted / float(stream.time_base)), stream=stream, backward=True, any_frame=False)
            last = None
            for picture in container.decode(stream):
                if picture.time is None:
                    continue
                last = picture
                if picture.time + 0.5 / rate >= wanted:
                    return picture.to_image()
            return last.to_image() if last is not None else None


def flatten(db: Session, store: BlobStore, caller: Caller, annotation_id: int) -> bytes:
    """A PNG of the drawing over its (first) frame."""
    drawing = drawings.get(db, caller, annotation_id)
    return _png(draw(frame_picture(db, store, drawing.version_id, drawing.frame), drawing.shapes))


def sheet(db: Session, store: BlobStore, caller: Caller, version_id: int, kind: str) -> bytes:
    """Every drawing of the version over its frame, with its comment's text and author: one tall PNG, or a
    PDF with a page per drawing."""
    from PIL import Image, ImageDraw

    if kind not in ("png", "pdf"):
        raise InvalidInput(f"no sheet of kind {kind!r}; ask for png or pdf", detail={"kind": kind})
    listed = drawings.list_for(db, caller, version_id)[:MAX_SHEET_FRAMES]
    pages = []
    for drawing in listed:
        picture = draw(frame_picture(db, store, version_id, drawing.frame), drawing.shapes)
        picture = picture.resize((SHEET_WIDTH, max(1, round(picture.height * SHEET_WIDTH / picture.width))))
        lines = [_heading(drawing)] + textwrap.wrap(drawing.text, 110)[:12]
        page = Image.new("RGB", (SHEET_WIDTH, picture.height + 24 + 22 * len(lines)), "white")
        page.paste(picture, (0, 0))
        pen = ImageDraw.Draw(page)
        for n, line in enumerate(lines):
            pen.text((12, picture.height + 12 + 22 * n), line, fill="black", font=_font(16))
        pages.append(page)
    if not pages:
        pages = [Image.new("RGB", (SHEET_WIDTH, 80), "white")]
        ImageDraw.Draw(pages[0]).text((12, 30), "No drawings on this version yet.", fill="black", font=_font(16))
    out = io.BytesIO()
    if kind == "pdf":
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=96.0)
        return out.getvalue()
    tall = Image.new("RGB", (SHEET_WIDTH, sum(p.height for p in pages)), "white")
    top = 0
    for page in pages:
        tall.paste(page, (0, top))
        top += page.height
    return _png(tall)


def _heading(drawing: AnnotationPublic) -> str:
    end = drawing.frame_end
    frames = f"frames {drawing.frame}-{end}" if end is not None else f"frame {drawing.frame}"
    return f"{frames} - {drawing.author}"


def _png(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=3)  # most of the size for a fraction of the default time
    return out.getvalue()
