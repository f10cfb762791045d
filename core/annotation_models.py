"""Drawn annotations: vector shapes on a frame (or a range) of a version, attached to a comment.

Coordinates are fractions of the picture (x across, y down, 0..1), so a drawing fits any size the
frame is shown or rendered at; a stroke width is a fraction of the picture's height. Every shape has a
stable id so an edit can keep, change or drop shapes one by one.
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


MAX_SHAPES = 200  # per drawing
MAX_POINTS = 2000  # per shape (a pen stroke)
MAX_TOTAL_POINTS = 20000  # per drawing
MAX_TEXT = 500  # per text shape

Frame = Annotated[int, Field(ge=0, le=2**31 - 1)]  # a player frame number
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ShapeKind(str, Enum):
    pen = "pen"  # a freehand polyline
    arrow = "arrow"  # from the first point to the second (the head)
    rect = "rect"  # two opposite corners
    ellipse = "ellipse"  # the two opposite corners of its bounding box
    text = "text"  # its top-left point


# How many points each kind takes (least, most).
POINTS = {ShapeKind.pen: (2, MAX_POINTS), ShapeKind.arrow: (2, 2), ShapeKind.rect: (2, 2),
          ShapeKind.ellipse: (2, 2), ShapeKind.text: (1, 1)}


class Shape(_Model):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    kind: ShapeKind
    color: str = Field("#ff3b30", pattern=r"^#[0-9a-fA-F]{6}$")
    width: float = Field(0.004, gt=0.0, le=0.1, allow_inf_nan=False)  # a fraction of the picture's height
    points: list[tuple[Unit, Unit]] = Field(min_length=1, max_length=MAX_POINTS)
    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT)

    @model_validator(mode="after")
    def _fits_kind(self) -> Shape:
        least, most = POINTS[self.kind]
        if not least <= len(self.points) <= most:
            wanted = str(least) if least == most else f"{least} to {most}"
            raise ValueError(f"a {self.kind.value} shape takes {wanted} points, not {len(self.points)}")
        if (self.kind == ShapeKind.text) != (self.text is not None):
            raise ValueError("a text shape needs its text, and only a text shape has one")
        if self.text is not None and not self.text.strip():
            raise ValueError("a text shape's text is blank")
        if not all(math.isfinite(v) for p in self.points for v in p):
            raise ValueError("every coordinate must be a finite number from 0 to 1")
        return self


class _Drawing(_Model):
    shapes: list[Shape] = Field(min_length=1, max_length=MAX_SHAPES)

    @field_validator("shapes")
    @classmethod
    def _bounded(cls, shapes: list[Shape]) -> list[Shape]:
        total = sum(len(s.points) for s in shapes)
        if total > MAX_TOTAL_POINTS:
            raise ValueError(f"a drawing holds at most {MAX_TOTAL_POINTS} points; this one has {total} "
                             "(simplify the pen strokes)")
        ids = [s.id for s in shapes]
        if len(set(ids)) != len(ids):
            raise ValueError("two shapes share an id; each shape needs its own")
        return shapes


def _check_range(frame: int | None, frame_end: int | None) -> int | None:
    if frame_end is not None and (frame is None or frame_end < frame):
        raise ValueError("frame_end needs a frame at or before it, e.g. frame=10, frame_end=20")
    return None if frame_end == frame else frame_end  # a one-frame range is that frame


class AnnotationCreate(_Drawing):
    """A comment with its drawing, posted together (``POST /versions/{id}/annotations``)."""

    text: str = Field(min_length=1, max_length=20000)
    frame: Frame  # the player's frame number the drawing is on (the start of a range)
    frame_end: Frame | None = None

    @model_validator(mode="after")
    def _range(self) -> AnnotationCreate:
        self.frame_end = _check_range(self.frame, self.frame_end)
        return self


class AnnotationUpdate(_Drawing):
    """New shapes for a drawing (and optionally new frames); the replaced ones stay in its history."""

    frame: Frame | None = None
    frame_end: Frame | None = None

    @model_validator(mode="after")
    def _range(self) -> AnnotationUpdate:
        if self.frame is not None or self.frame_end is not None:
            self.frame_end = _check_range(self.frame, self.frame_end)
        return self


class AnnotationChange(str, Enum):
    added = "added"
    edited = "edited"
    deleted = "deleted"


class AnnotationRevision(_Model):
    """One state of a drawing: what it was after an add, an edit or a delete (then with no shapes)."""

    revision: int  # 1, 2, …
    change: AnnotationChange
    author: str  # who made this change
    frame: int
    frame_end: int | None = None
    shapes: list[Shape]
    made_at: datetime


class AnnotationPublic(_Model):
    id: int
    comment_id: int
    version_id: int
    author: str
    text: str  # the comment's current text
    frame: int
    frame_end: int | None = None
    shapes: list[Shape]  # empty once deleted
    revision: int  # the latest revision's number
    deleted: bool = False
    created_at: datetime
    updated_at: datetime
    # The drawing over its frame, longest side 512 px: its URL (made on first request, then kept for this
    # revision) and, once made, its blob's sha256. Both are None once the drawing is deleted.
    thumbnail: str | None = None
    thumbnail_sha256: str | None = None
