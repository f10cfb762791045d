"""The reference host's "scene": one JSON file, written atomically (a temp file, then a rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

SCENE_SCHEMA = "brickyard/reference-scene/1"


def empty_scene(project: str, folder: str = "", asset: str = "") -> dict[str, Any]:
    return {"schema": SCENE_SCHEMA, "context": {"project": project, "folder": folder, "asset": asset},
            "nodes": {}, "containers": {}, "instances": {}}


def read_scene(path: Path) -> dict[str, Any]:
    scene = json.loads(Path(path).read_text(encoding="utf-8"))
    if scene.get("schema") != SCENE_SCHEMA:
        raise ValueError(f"{path} is not a reference-host scene (schema {scene.get('schema')!r}, "
                         f"expected {SCENE_SCHEMA!r})")
    return scene


def write_scene(path: Path, scene: dict[str, Any]) -> None:
    """Replace ``path`` with ``scene`` so a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(scene, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
