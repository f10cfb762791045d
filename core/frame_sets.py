"""Frame sets written the way clique and fileseq write them: ``1-10,12,15-20`` (spaces allowed).

Curated renders and generations keep the frames someone chose, gaps and all; a set names them::

    >>> parse_frames("1-3, 7, 10-11")
    [1, 2, 3, 7, 10, 11]
    >>> describe_frames([1, 2, 3, 7, 10, 11])
    '1-3, 7, 10-11'

Why not clique itself: the core runs inside Blender, Resolve and Unreal on four dependencies; this is
the small part of it Brickyard needs, and the tests check it against clique.
"""

from __future__ import annotations

import re

from .errors import InvalidInput

_SPAN = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*(?:x\s*(\d+))?)?\s*$")  # 5 | 1-10 | 1-10x2 (fileseq step)
MOST_FRAMES = 1_000_000  # a typo like 1-100000000 must not allocate a list of that size


def parse_frames(text: str) -> list[int]:
    """The sorted, distinct frames ``text`` names; ``InvalidInput`` says which part is wrong."""
    frames: set[int] = set()
    for part in text.strip().strip("[]").split(","):
        match = _SPAN.match(part)
        if not match:
            raise InvalidInput(f"{part.strip()!r} in the frame set {text!r} is not a frame or a range; "
                               "write e.g. 1-10,12,15-20", detail={"frames": text})
        first, last, step = int(match[1]), int(match[2] if match[2] is not None else match[1]), int(match[3] or 1)
        if last < first or step < 1:
            raise InvalidInput(f"the range {part.strip()!r} in {text!r} runs backwards; write it low-high",
                               detail={"frames": text})
        if (last - first) // step + len(frames) > MOST_FRAMES:
            raise InvalidInput(f"the frame set {text!r} names more than {MOST_FRAMES:,} frames",
                               detail={"frames": text})
        frames.update(range(first, last + 1, step))
    return sorted(frames)


def describe_frames(numbers: list[int] | set[int], separator: str = ", ") -> str:
    """``1003-1005, 1009`` for [1003, 1004, 1005, 1009]: what ``parse_frames`` reads back."""
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return separator.join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
