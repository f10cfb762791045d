"""Plan an ingest: which assets and versions a folder of generations, plates or models becomes.

Nothing is hashed or sent here. Names are made legal by the project's naming rules; two files that would
get the same name are told apart deterministically (``_2``, ``_3`` … in path order) and reported; kinds
come from the extractors (``--kind auto``); a file that cannot be published is reported with the reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import InvalidInput, NamingError
from ..extract import ExtractorRegistry
from ..extract.fill import fill_metadata, read_facts
from ..kinds import check_metadata, find_kind
from ..manifest import OS_JUNK, PlannedRepresentation, plan_representations
from ..models import ProjectPublic
from ..naming import check_asset_name, check_folder, split_frame, suggest_name

Grouping = Literal["each", "sequence", "prefix"]
# When no extractor suggests a kind: by extension.
KIND_BY_EXTENSION = {**dict.fromkeys(("png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp", "gif"), "image"),
                     **dict.fromkeys(("exr", "dpx"), "render"),
                     **dict.fromkeys(("mp4", "mov", "webm", "mkv", "avi"), "video"),
                     **dict.fromkeys(("wav", "flac", "mp3", "ogg", "aif", "aiff"), "audio"),
                     **dict.fromkeys(("cube", "3dl"), "lut")}
TRAILING_NUMBER = re.compile(r"[_\-. ]*\d+[_\-. ]*$")


@dataclass
class PlannedVersion:
    folder: str
    asset: str
    kind: str
    files: list[Path]  # one version; several files form one representation (a frame sequence)
    representations: list[PlannedRepresentation]
    metadata: dict[str, Any] = field(default_factory=dict)
    tensor_offset: int | None = None
    renamed_from: str | None = None  # the name a collision took away
    relative: str = ""  # the first file's path in the ingested folder, as reports name it

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.asset}" if self.folder else self.asset


@dataclass
class IngestPlan:
    root: Path
    versions: list[PlannedVersion] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why)
    warnings: list[str] = field(default_factory=list)

    @property
    def collisions(self) -> list[PlannedVersion]:
        return [v for v in self.versions if v.renamed_from]


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        raise InvalidInput(f"{root} is not a folder; ingest takes a folder of files", detail={"path": str(root)})
    return sorted(_walk(root))


def _walk(folder: Path) -> Iterator[Path]:
    """The files under ``folder``, hidden ones and hidden folders left out; folder links are not followed
    (as ``rglob`` does not). ``scandir`` tells files from folders without a ``stat`` per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif entry.is_file() and entry.name not in OS_JUNK:
                yield Path(entry.path)


def _relative(root: str, path: Path) -> str:
    """``path`` (listed by ``_walk`` under ``root``) relative to it, with ``/``: cut as text, which is what
    ``relative_to`` would answer for such a path, at a fraction of the cost for thousands of files."""
    text = os.fspath(path)
    if root != os.curdir:  # a path listed under "." lost its "./" when it became a Path
        text = text[len(root):].lstrip(os.sep)
    return text.replace(os.sep, "/")


def _groups(root: Path, files: list[Path], grouping: Grouping) -> list[tuple[str, str, list[Path]]]:
    """(sub-folder, raw name, files): one group per future version (prefix: one per file, same name)."""
    groups: dict[tuple[str, str], list[Path]] = {}
    prefix = os.fspath(root)
    for path in files:
        sub = _relative(prefix, path).rpartition("/")[0]
        stem = path.stem
        if grouping == "sequence":
            parts = split_frame(path.name)
            name = parts[0].rstrip("._-") if parts else stem
            groups.setdefault((sub, f"{name}\0{path.suffix.lower()}"), []).append(path)
        elif grouping == "prefix":
            name = TRAILING_NUMBER.sub("", stem) or stem
            groups.setdefault((sub, f"{name}\0{path.as_posix()}"), []).append(path)
        else:
            groups.setdefault((sub, f"{stem}\0{path.as_posix()}"), []).append(path)
    return [(sub, key.split("\0")[0], paths) for (sub, key), paths in sorted(groups.items())]


def plan_ingest(root: str | Path, project: ProjectPublic, registry: ExtractorRegistry, *, folder: str = "",
                grouping: Grouping = "each", kind: str = "auto") -> IngestPlan:
    """The versions ``root`` becomes in ``project`` under ``folder``; nothing is read beyond headers."""
    plan = IngestPlan(Path(root))
    for _ in plan_lazily(plan, project, registry, folder=folder, grouping=grouping, kind=kind):
        pass
    return plan


def plan_lazily(plan: IngestPlan, project: ProjectPublic, registry: ExtractorRegistry, *, folder: str = "",
                grouping: Grouping = "each", kind: str = "auto") -> Iterator[PlannedVersion]:
    """``plan_ingest`` a version at a time, in the same order and with the same names: the folder is listed
    (and a bad one refused) at once, each file's header is read as its version is asked for — so an ingest
    publishes the first versions while later ones are still being planned. Each version is added to
    ``plan`` (and each skip and warning) before it is yielded."""
    groups = _groups(plan.root, _files(plan.root), grouping)
    return _plan_groups(plan, groups, project, registry, folder, grouping, kind)


def _plan_groups(plan: IngestPlan, groups: list[tuple[str, str, list[Path]]], project: ProjectPublic,
                 registry: ExtractorRegistry, folder: str, grouping: Grouping, kind: str) -> Iterator[PlannedVersion]:
    prefix = os.fspath(plan.root)
    taken: dict[str, str] = {}  # "folder/asset" → the raw name (group) that holds it
    for sub, raw, paths in groups:
        relative = _relative(prefix, paths[0])
        target_folder = "/".join(s for s in [folder.strip("/")] + [suggest_name(p) for p in sub.split("/") if p] if s)
        try:
            check_folder(project.naming, target_folder)
        except NamingError as exc:
            plan.skipped.append((relative, exc.message))
            continue
        facts = read_facts(registry, paths[:1])
        plan.warnings += facts.warnings
        chosen = kind if kind != "auto" else facts.kind or KIND_BY_EXTENSION.get(paths[0].suffix[1:].lower())
        if not chosen:
            why = f" ({facts.warnings[0]})" if facts.warnings else ""
            plan.skipped.append((relative, f"no extractor tells its kind{why}; pass --kind"))
            continue
        if chosen in ("prompt", "workflow") and facts.kind != chosen:
            facts.metadata = {}
        try:
            representations = plan_representations({paths[0].suffix[1:].lower() or "file": paths})
            metadata = fill_metadata({}, facts, many_files=len(paths) > 1)
            check_metadata(find_kind(project.kinds, chosen), metadata)
        except InvalidInput as exc:
            plan.skipped.append((relative, exc.message))
            continue
        asset, renamed = _unique_name(project, target_folder, raw, taken, grouping)
        if asset is None:
            plan.skipped.append((relative, f"{raw!r} cannot be made a legal asset name ({project.naming.description})"))
            continue
        version = PlannedVersion(target_folder, asset, chosen, paths, representations, metadata,
                                 facts.tensor_offset if len(paths) == 1 else None, renamed, relative)
        plan.versions.append(version)
        yield version


def _unique_name(project: ProjectPublic, folder: str, raw: str, taken: dict[str, str],
                 grouping: Grouping) -> tuple[str | None, str | None]:
    base = suggest_name(raw)
    try:
        check_asset_name(project.naming, base)
    except NamingError:
        return None, None
    candidate, n = base, 1
    while True:
        key = f"{folder}/{candidate}"
        holder = taken.get(key)
        if holder is None or (grouping == "prefix" and holder == raw):
            taken[key] = raw
            return candidate, (base if candidate != base else None)
        n += 1
        candidate = f"{base}_{n}"
