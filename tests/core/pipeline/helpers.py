"""Small builders shared by the pipeline tests (no fakes of anything Brickyard does)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from brickyard.core.kinds import default_kinds
from brickyard.core.models import NamingRules, ProjectPublic
from brickyard.core.reference_host import ReferenceHost


def local_project(code: str = "film") -> ProjectPublic:
    """A project as the server describes a new one (default rules and kinds), for tests with no server."""
    return ProjectPublic(id=1, code=code, name=code, naming=NamingRules(), kinds=default_kinds(),
                         created_at=datetime.now(timezone.utc))


def scene(tmp_path: Path, project: str = "film", name: str = "scene.json") -> ReferenceHost:
    return ReferenceHost(tmp_path / name, project=project, folder="shots", asset="sh010")


def write(path: Path, text: str = "data") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
