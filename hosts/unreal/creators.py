"""What an artist can publish from Unreal: selected assets, the level selection, Movie Render Queue output.

Each creator records in the instance's ``host_data`` what to find again at publish time (object paths,
actor labels, a render folder); the publish plugins in ``publish/`` export or collect the files.

    >>> UnrealAssetsCreator().create(host, asset="hero", kind="model")      # the Content Browser selection
    >>> MovieRenderCreator().create(host, asset="sh010_comp", host_data={"render_dir": "/renders/sh010"})
"""

from __future__ import annotations

from typing import Any, ClassVar

from brickyard.core.errors import InvalidInput
from brickyard.core.host import Host
from brickyard.core.publish.creator import Creator
from brickyard.core.publish.instance import InstanceSpec

EXPORT_FORMATS = ("fbx", "glb", "gltf", "usd", "usda", "obj")


def _format(spec: InstanceSpec) -> str:
    fmt = str(spec.host_data.get("format", "fbx")).lower()
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"cannot export to {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return fmt


class UnrealAssetsCreator(Creator):
    """Selected Content Browser assets, exported (FBX by default; textures as PNG, sounds as WAV)."""

    label = "Selected assets"
    kind = "model"
    hosts: ClassVar[list[str]] = ["unreal"]

    def mark(self, host: Host, spec: InstanceSpec) -> dict[str, Any]:
        assets = list(spec.host_data.get("assets") or host.selected_assets())  # type: ignore[attr-defined]
        if not assets:
            raise InvalidInput("no assets selected; select what to publish in the Content Browser, then retry")
        return {"export": "assets", "assets": assets, "format": _format(spec)}


class LevelSelectionCreator(Creator):
    """The actors selected in the level, exported together as one file."""

    label = "Level selection"
    kind = "scene"
    hosts: ClassVar[list[str]] = ["unreal"]

    def mark(self, host: Host, spec: InstanceSpec) -> dict[str, Any]:
        actors = list(spec.host_data.get("actors") or host.selected_actors())  # type: ignore[attr-defined]
        if not actors:
            raise InvalidInput("no actors selected; select them in the level or the Outliner, then retry")
        return {"export": "level_selection", "actors": actors, "format": _format(spec)}


class MovieRenderCreator(Creator):
    """What a Movie Render Queue job wrote: an image sequence and/or a movie, published as one version."""

    label = "Movie Render Queue output"
    kind = "render"
    hosts: ClassVar[list[str]] = ["unreal"]

    def mark(self, host: Host, spec: InstanceSpec) -> dict[str, Any]:
        render_dir = spec.host_data.get("render_dir")
        if not render_dir:
            raise InvalidInput("name the folder the Movie Render Queue job writes to (its Output setting, "
                               "e.g. Saved/MovieRenders/sh010) as render_dir")
        return {"render": True, "render_dir": str(render_dir)}


CREATORS: tuple[type[Creator], ...] = (UnrealAssetsCreator, LevelSelectionCreator, MovieRenderCreator)
