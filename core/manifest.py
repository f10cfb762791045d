"""Plan a version's representations from the paths a user hands to ``publish``.

Loose files are grouped by lower-case extension (``hero.blend`` → representation ``blend``); files of one
extension that share a stem and carry frame numbers form a frame sequence; a directory becomes one
representation whose files keep their relative paths; a mapping ``{name: path | [paths]}`` names the
representations explicitly. Nothing is hashed here: planning is cheap and fails before any work.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from .errors import InvalidInput
from .frame_sets import describe_frames, parse_frames
from .naming import split_frame
from .paths import as_path

PathLike = Union[str, "os.PathLike[str]"]
PathsArgument = Union[Sequence[PathLike], Mapping[str, PathLike | Sequence[PathLike]]]  # noqa: UP007 (a runtime alias holding a forward reference)
# Files operating systems drop into folders on their own; publishing them would only add noise.
OS_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class PlannedFile:
    source: Path  # where the bytes are on this machine
    path: str  # relative, '/'-separated path inside the representation
    frame: int | None = None


@dataclass(frozen=True)
class PlannedRepresentation:
    name: str
    files: tuple[PlannedFile, ...]
    frame_start: int | None = None
    frame_end: int | None = None


@dataclass(frozen=True)
class SequenceRule:
    """How numbered files are read: as frame sequences (the default) or not; ``frames``: the exact set
    expected, gaps allowed (a curated render); without it a gap is refused as a likely missing frame."""

    sequences: bool = True
    frames: tuple[int, ...] | None = None


def plan_representations(paths: PathsArgument, representation: str | None = None, *, sequences: bool = True,
                         frames: str | None = None) -> list[PlannedRepresentation]:
    """Representations for ``paths``; ``InvalidInput`` names a missing path, an empty set or a frame gap.

    ``sequences=False`` keeps numbered files as plain files; ``frames="1-10,12,15-20"`` accepts a sparse
    sequence holding exactly those frames.

        >>> plan_representations(["hero.blend", "hero.glb"])      # two representations: blend, glb
        >>> plan_representations({"exr": "renders/"})             # one, named explicitly
    """
    rule = SequenceRule(sequences, tuple(parse_frames(frames)) if frames else None)
    if isinstance(paths, Mapping):
        plans = [_plan_named(str(name), value, rule) for name, value in paths.items()]
    else:
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        plans = _plan_loose([Path(p) for p in paths], representation, rule)
    if not plans:
        raise InvalidInput("nothing to publish: no files were given", detail={"paths": []})
    names = Counter(plan.name for plan in plans)
    twice = sorted(name for name, count in names.items() if count > 1)
    if twice:
        raise InvalidInput(f"two representations would both be named {twice[0]!r}; "
                           "pass a mapping {name: paths} to name them apart", detail={"names": twice})
    return plans


def _plan_loose(paths: list[Path], representation: str | None, rule: SequenceRule) -> list[PlannedRepresentation]:
    plans: list[PlannedRepresentation] = []
    by_ext: dict[str, list[Path]] = {}
    for path in paths:
        _require_exists(path)
        if path.is_dir():
            plans.append(_plan_directory(path, representation, rule))
        else:
            by_ext.setdefault(_extension(path), []).append(path)
    if representation and by_ext and (len(by_ext) > 1 or plans):
        raise InvalidInput(f"cannot name several representations {representation!r}; "
                           "pass a mapping {name: paths} instead", detail={"representation": representation})
    for ext, files in by_ext.items():
        name = representation or ext
        if not name:
            raise InvalidInput(f"{files[0]} has no file extension to name its representation after; "
                               "pass a mapping {name: path} or a representation name",
                               detail={"path": str(files[0])})
        plans.append(_plan_files(name, [(f, f.name) for f in files], rule))
    return plans


def _plan_named(name: str, value: PathLike | Sequence[PathLike], rule: SequenceRule) -> PlannedRepresentation:
    sources = [as_path(value)] if isinstance(value, (str, os.PathLike)) else [as_path(v) for v in value]
    if not sources:
        raise InvalidInput(f"representation {name!r} was given no files", detail={"representation": name})
    entries: list[tuple[Path, str]] = []
    for source in sources:
        _require_exists(source)
        entries += _directory_files(source) if source.is_dir() else [(source, source.name)]
    return _plan_files(name, entries, rule)


def _plan_directory(directory: Path, representation: str | None, rule: SequenceRule) -> PlannedRepresentation:
    entries = _directory_files(directory)
    if representation:
        return _plan_files(representation, entries, rule)
    counts = Counter(_extension(source) for source, _ in entries if _extension(source))
    if not counts:
        raise InvalidInput(f"no file in {directory} has an extension to name the representation after; "
                           "pass a representation name", detail={"path": str(directory)})
    dominant = min(counts, key=lambda ext: (-counts[ext], ext))  # most files; ties alphabetical
    return _plan_files(dominant, entries, rule)


def _directory_files(directory: Path) -> list[tuple[Path, str]]:
    entries = sorted(
        (path, path.relative_to(directory).as_posix())
        for path in directory.rglob("*") if path.is_file() and path.name not in OS_JUNK)
    if not entries:
        raise InvalidInput(f"the folder {directory} holds no files to publish", detail={"path": str(directory)})
    return entries


def _plan_files(name: str, entries: list[tuple[Path, str]], rule: SequenceRule) -> PlannedRepresentation:
    """One representation: a frame sequence when every file is a numbered frame of one stem, else plain files."""
    seen: dict[str, Path] = {}
    for source, relative in entries:
        if relative in seen and seen[relative].resolve() != source.resolve():
            raise InvalidInput(f"{seen[relative]} and {source} would both be stored as {relative!r} in "
                               f"representation {name!r}; rename one or publish them apart",
                               detail={"representation": name, "path": relative})
        seen[relative] = source
    unique = sorted(seen.items())
    frames = _as_sequence(name, unique, rule) if rule.sequences else None
    if frames is not None:
        numbered = sorted(zip(frames, unique))
        files = tuple(PlannedFile(source, relative, frame) for frame, (relative, source) in numbered)
        return PlannedRepresentation(name, files, min(frames), max(frames))
    return PlannedRepresentation(name, tuple(PlannedFile(source, relative) for relative, source in unique))


def _as_sequence(name: str, entries: Iterable[tuple[str, Path]], rule: SequenceRule) -> list[int] | None:
    """The frame of each entry when they form one frame sequence; None when they do not."""
    entries = list(entries)
    if len(entries) < 2:
        return None
    parts = []
    for relative, _ in entries:
        part = split_frame(relative) if "/" not in relative else None
        if part is None:
            return None
        parts.append(part)
    if len({(stem, ext.lower()) for stem, _, _, ext in parts}) != 1:
        return None
    frames = [p[1] for p in parts]
    if len(set(frames)) != len(frames):
        duplicate = next(f for f in frames if frames.count(f) > 1)
        raise InvalidInput(f"frame {duplicate} appears twice in the sequence {name!r}",
                           detail={"representation": name, "frame": duplicate})
    if rule.frames is not None:
        missing, extra = sorted(set(rule.frames) - set(frames)), sorted(set(frames) - set(rule.frames))
        if missing or extra:
            wrong = "; ".join(f"{what} {describe_frames(numbers)}" for what, numbers in (
                ("lacks frames", missing), ("has frames not in the set", extra)) if numbers)
            raise InvalidInput(f"the frame sequence {name!r} {wrong} (expected {describe_frames(rule.frames)}); "
                               "publish the frames you meant or change the set",
                               detail={"representation": name, "missing": missing[:1000], "extra": extra[:1000]})
        return frames
    missing = sorted(set(range(min(frames), max(frames) + 1)) - set(frames))
    if missing:
        raise InvalidInput(f"the frame sequence {name!r} ({min(frames)}-{max(frames)}) is missing frames "
                           f"{describe_frames(missing)}; render them, or publish the frames as they are with "
                           f"--frames {describe_frames(frames, ',')} (a sparse set)",
                           detail={"representation": name, "missing": missing[:1000]})
    return frames


def _extension(path: Path) -> str:
    return path.suffix[1:].lower()


def _require_exists(path: Path) -> None:
    if not path.exists():
        raise InvalidInput(f"{path} does not exist; check the path", detail={"path": str(path)})
