"""The project's folders on disk. ``unreal.Paths`` answers them relative to the engine's binary folder
(``../../../../Projects/Film/Content/``), so each goes through ``convert_relative_path_to_full`` before
Brickyard writes a file there or records a path another machine or process will read."""

from __future__ import annotations

from pathlib import Path


def full(path: str) -> Path:
    """``path`` (as ``unreal.Paths`` answers it) made absolute by the editor itself."""
    import unreal

    return Path(unreal.Paths.convert_relative_path_to_full(path))


def content_dir() -> Path:
    import unreal

    return full(unreal.Paths.project_content_dir())


def saved_dir() -> Path:
    import unreal

    return full(unreal.Paths.project_saved_dir())
