"""What files dropped on the Publisher become: one instance per file (a frame sequence is one), named from
the file by the project's naming rules, its kind suggested by what the file says (the extractors), else by
its extension. What cannot be named or given a kind is returned with the reason, for the artist to finish.

Nothing is sent and nothing is read beyond headers.

    >>> plans = plan_drop(["/in/Hero Robot.png", "/in/plate.1001.exr", "/in/plate.1002.exr"], project,
    ...                   default_registry(), taken={"hero_robot"})
    >>> [(p.asset, p.kind) for p in plans]
    [('hero_robot_2', 'image'), ('plate', 'render')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NamingError
from ..extract import ExtractorRegistry
from ..extract.fill import read_facts
from ..ingest.plan import KIND_BY_EXTENSION
from ..kinds import with_article
from ..models import ProjectPublic
from ..naming import check_asset_name, split_frame, suggest_name


@dataclass
class DroppedInstance:
    asset: str  # the proposed name (legal, unless ``problem`` says otherwise)
    kind: str  # "" when nothing suggests one
    representations: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""  # why it cannot be created as it is: the New dialog opens with this reason

    @property
    def files(self) -> list[str]:
        return [p for paths in self.representations.values() for p in paths]


def plan_drop(paths: Iterable[str | Path], project: ProjectPublic, registry: ExtractorRegistry, *,
              taken: Iterable[str] = ()) -> list[DroppedInstance]:
    """An instance per dropped file or frame sequence, in drop order; names not in ``taken`` (the names
    of the workfile's instances) nor given twice."""
    used = set(taken)
    kinds = {k.name for k in project.kinds}
    planned = []
    for stem, files in _groups([Path(p) for p in paths]):
        ext = files[0].suffix[1:].lower()
        facts = read_facts(registry, files[:1])
        kind = facts.kind or KIND_BY_EXTENSION.get(ext, "")
        plan = DroppedInstance(suggest_name(stem), kind, {ext or "files": [str(f.resolve()) for f in files]})
        try:
            check_asset_name(project.naming, plan.asset)
        except NamingError as exc:
            plan.problem = f"{files[0].name} gives no legal asset name: {exc.message}; name it here"
        else:
            plan.asset = _unused(plan.asset, used)
        if plan.problem:
            pass  # the name first: one reason at a time
        elif not kind:
            why = f" ({facts.warnings[0]})" if facts.warnings else ""
            plan.problem = f"nothing tells the kind of {files[0].name}{why}; pick it here"
        elif kind not in kinds:
            plan.problem = (f"{files[0].name} looks like {with_article(kind)}, a kind project {project.code} "
                            "does not have; pick one of its kinds here")
        used.add(plan.asset)
        planned.append(plan)
    return planned


def _groups(paths: list[Path]) -> list[tuple[str, list[Path]]]:
    """(name stem, files): files numbered alike (``plate.1001.exr``, ``plate.1002.exr``) are one frame
    sequence; any other file (``shot010.exr`` alone too) is its own, named by its whole stem."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in paths:
        parts = split_frame(path.name)
        stem = parts[0].rstrip("._-") if parts is not None else ""
        key = (str(path.parent / stem), path.suffix.lower()) if stem else (str(path), "")
        groups.setdefault(key, []).append(path)
    found = []
    for (where, _), files in groups.items():
        if len(files) == 1:
            found.append((files[0].stem, files))
        else:
            found.append((Path(where).name, sorted(files)))
    return found


def _unused(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}_{n}"
    return candidate
