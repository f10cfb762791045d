"""What Brickyard keeps beside a Resolve project: its context, publish instances and container index.

A Resolve project lives in Resolve's database and offers no place for arbitrary project data, so this
is a small JSON file per project (named by the project's ``GetUniqueId()``) in Brickyard's data folder.
The containers themselves live on the clips; the index here only says where to find them, so listing
them needs no walk through the media pool. The file is replaced atomically; a newer schema is refused,
never rewritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

STATE_SCHEMA = "brickyard/resolve-state/1"


def default_state_dir() -> Path:
    return Path(platformdirs.user_data_dir("brickyard")) / "resolve"


@dataclass
class IndexEntry:
    """One container: the clip it is imprinted on (by unique id), that clip's bin, and its data."""

    clip: str
    bin: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    timeline: str = ""  # the timeline a timeline loader created (its container has no clip before 19.1)

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip, "bin": list(self.bin), "data": self.data, "timeline": self.timeline}


@dataclass
class ProjectState:
    path: Path
    project_id: str
    project_name: str = ""
    context: dict[str, str] = field(default_factory=dict)
    instances: dict[str, dict[str, Any]] = field(default_factory=dict)
    containers: dict[str, IndexEntry] = field(default_factory=dict)
    existed: bool = False  # False for a project Brickyard has not seen on this machine

    @classmethod
    def load(cls, state_dir: Path, project_id: str, project_name: str) -> ProjectState:
        path = Path(state_dir) / f"{_safe(project_id)}.json"
        if not path.exists():
            return cls(path, project_id, project_name)
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("schema") != STATE_SCHEMA:
            raise ValueError(f"{path} has schema {raw.get('schema')!r}, not {STATE_SCHEMA!r}: it was written by "
                             "a newer Brickyard or is not Brickyard's; update Brickyard (the file is left as it is)")
        entries = {cid: IndexEntry(e["clip"], list(e["bin"]), dict(e.get("data", {})), e.get("timeline", ""))
                   for cid, e in raw.get("containers", {}).items()}
        return cls(path, project_id, raw.get("project_name", project_name), dict(raw.get("context", {})),
                   dict(raw.get("instances", {})), entries, existed=True)

    def save(self) -> None:
        body = {"schema": STATE_SCHEMA, "project_id": self.project_id, "project_name": self.project_name,
                "context": self.context, "instances": self.instances,
                "containers": {cid: e.to_json() for cid, e in self.containers.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(body, out, indent=1, sort_keys=True)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.existed = True


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text) or "project"
