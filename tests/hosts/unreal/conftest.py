"""The fake editor as ``unreal`` for every test here: a fresh session (empty content, a saved level) each time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tests.fakes.unreal as fake_unreal


sys.modules["unreal"] = fake_unreal  # before any Brickyard module imports it (they do so lazily)


@pytest.fixture(autouse=True)
def editor(tmp_path):
    """The fake editor's state, reset; container tags registered with the Asset Registry (as installed)."""
    from brickyard.core import host_registry
    from brickyard.hosts.unreal import content, session

    state = fake_unreal.fake_reset(tmp_path / "UnrealProject")
    state.registry_metadata_tags.update(content.registry_tags())
    yield state
    session.reset()
    host_registry.reset()
    assert state.off_thread_calls == [], "editor calls made off the game thread (the editor would assert)"


@pytest.fixture
def host():
    from brickyard.hosts.unreal import UnrealHost

    return UnrealHost(project="film")


def fbx(path: Path, kind: str = "static_mesh", body: str = "") -> Path:
    """A test "FBX": its first line says what it holds, the rest is its payload."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"fbx {kind}\n{body}")
    return path


@pytest.fixture
def ana(studio):
    return studio.client("ana")


def dangling(state) -> list[str]:
    """Level actors whose component points at nothing or at an asset no longer in the project."""
    return [a.get_actor_label() for a in state.level.fake_actors
            if a.fake_component.fake_asset() is None
            or a.fake_component.fake_asset().get_path_name() not in state.assets]
