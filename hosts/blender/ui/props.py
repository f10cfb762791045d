"""What the panels show, kept on the window manager (per session, never saved in the .blend).

Filled by the operators' result callbacks; the panels only draw it.
"""

from __future__ import annotations

import bpy

from .state import current


class BrickyardAsset(bpy.types.PropertyGroup):
    # ``name`` (built in) is the row text the list draws
    reference: bpy.props.StringProperty()
    kind: bpy.props.StringProperty()
    latest: bpy.props.IntProperty()
    latest_approved: bpy.props.IntProperty()


class BrickyardVersion(bpy.types.PropertyGroup):
    reference: bpy.props.StringProperty()
    number: bpy.props.IntProperty()
    status: bpy.props.StringProperty()
    kind: bpy.props.StringProperty()
    representations: bpy.props.StringProperty()  # comma-separated names
    thumbnail: bpy.props.StringProperty()  # sha256; the image is in ui.thumbnails once fetched


class BrickyardContainer(bpy.types.PropertyGroup):
    container_id: bpy.props.StringProperty()
    asset: bpy.props.StringProperty()
    representation: bpy.props.StringProperty()
    loaded: bpy.props.IntProperty()
    latest: bpy.props.IntProperty()
    latest_approved: bpy.props.IntProperty()
    state: bpy.props.StringProperty()
    message: bpy.props.StringProperty()
    selected: bpy.props.BoolProperty(name="", description="Include in Update / Set version")


class BrickyardResult(bpy.types.PropertyGroup):
    passed: bpy.props.BoolProperty()
    plugin: bpy.props.StringProperty()
    repair: bpy.props.StringProperty()  # the repair's label when one is offered


_enum_cache: dict[str, list[tuple[str, str, str]]] = {}  # Blender needs the item strings kept alive


def _representations(self, context):
    versions = self.versions
    version = versions[self.version_index] if 0 <= self.version_index < len(versions) else None
    names = version.representations.split(",") if version and version.representations else []
    _enum_cache["representations"] = [(n, n, "") for n in names] or [("", "(none)", "")]
    return _enum_cache["representations"]


def _loaders(self, context):
    versions = self.versions
    version = versions[self.version_index] if 0 <= self.version_index < len(versions) else None
    items = []
    if version is not None and self.representation:
        try:
            for cls in current().loaders.serving(kind=version.kind, representation=self.representation):
                items.append((cls.name(), cls.label or cls.name(), ""))
        except RuntimeError:  # the add-on is being disabled
            pass
    _enum_cache["loaders"] = items or [("", "(no loader)", "")]
    return _enum_cache["loaders"]


class BrickyardState(bpy.types.PropertyGroup):
    # load
    search: bpy.props.StringProperty(name="Search", description="Part of an asset name")
    folder: bpy.props.StringProperty(name="Folder", description="Only this folder and below")
    kind: bpy.props.StringProperty(name="Kind", description="Only this kind, e.g. model")
    approved_only: bpy.props.BoolProperty(name="Approved only", default=False,
                                          description="List only assets with an approved version and "
                                                      "offer only approved versions")
    assets: bpy.props.CollectionProperty(type=BrickyardAsset)
    asset_index: bpy.props.IntProperty(default=-1)
    versions: bpy.props.CollectionProperty(type=BrickyardVersion)
    version_index: bpy.props.IntProperty(default=-1)
    representation: bpy.props.EnumProperty(name="Representation", items=_representations)
    loader: bpy.props.EnumProperty(name="Loader", items=_loaders)
    # inventory
    containers: bpy.props.CollectionProperty(type=BrickyardContainer)
    set_number: bpy.props.IntProperty(name="Version", min=1, default=1)
    # publish
    comment: bpy.props.StringProperty(name="Comment")
    status: bpy.props.EnumProperty(name="Status", items=[("wip", "WIP", ""), ("review", "Review", "")])
    results: bpy.props.CollectionProperty(type=BrickyardResult)
    # the outcome of the latest action, drawn at the top of each panel
    message: bpy.props.StringProperty()
    message_is_error: bpy.props.BoolProperty()


CLASSES = (BrickyardAsset, BrickyardVersion, BrickyardContainer, BrickyardResult, BrickyardState)


def ui_state(context=None) -> BrickyardState:
    return (context or bpy.context).window_manager.brickyard
