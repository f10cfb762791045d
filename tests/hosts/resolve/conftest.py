"""The Resolve host against the in-memory fake of Resolve's documented API, and a studio on a real server."""

from __future__ import annotations

from pathlib import Path

import pytest
from brickyard.hosts.resolve import ResolveHost

from tests.fakes.resolve import FakeResolve, hint

RELEASES = ["18.5.0", "19.0.2", "20.2.0"]  # the fallback metadata, the first with third-party, a current one


def media(path: Path, *, frames: int = 48, fps: float = 24, width: int = 1920, height: int = 1080,
          text: str = "") -> Path:
    """A file the fake reads as a movie (or still, or sound, by extension) of ``frames`` frames."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(hint(frames=frames, fps=fps, width=width, height=height) + text.encode())
    return path


@pytest.fixture
def resolve():
    return FakeResolve(release="20.2.0")


@pytest.fixture
def host(resolve, tmp_path):
    return ResolveHost(resolve, state_dir=tmp_path / "resolve-state")
