"""Shared by the import loaders: a root empty (the container) over a collection of what an importer made.

The root empty carries the container and whatever the artist did to it (transform, parent). An update
deletes the imported objects and imports the new file under the same root; modifiers the artist added to
an imported object are copied onto its namesake in the new version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import bpy
from brickyard.core.load import Loader

from ._blend import file_with_suffix, target_collection

CONTENT = "brickyard_content"  # on the root empty: the collection holding what was imported
IMPORTED_MODIFIERS = "brickyard_modifiers"  # on each imported object: the modifiers the file brought


def build(context, run_import: Callable[[], Any], collection: str = "") -> bpy.types.Object:
    """Import under a new root empty named for the asset; the root (already adopted as the container)."""
    name = f"{context.version.asset}_{context.representation.name}"
    content = bpy.data.collections.new(name)
    target_collection(collection).children.link(content)
    root = bpy.data.objects.new(name, None)
    root.empty_display_type = "PLAIN_AXES"
    content.objects.link(root)
    root[CONTENT] = content
    _import_under(root, content, run_import)
    context.host.adopt(context.container_id, root)
    return root


def rebuild(root: bpy.types.Object, run_import: Callable[[], Any]) -> None:
    """Replace what was imported under ``root`` with a new import, keeping the artist's modifiers."""
    content = root.get(CONTENT)
    if content is None:
        raise LookupError(f"{root.name} has lost its content collection; remove the container and load again")
    added = {_base(o.name): _artist_modifiers(o) for o in content.all_objects if o is not root}
    for obj in [o for o in content.all_objects if o is not root]:
        bpy.data.objects.remove(obj)
    for child in list(content.children_recursive):
        bpy.data.collections.remove(child)
    for obj in _import_under(root, content, run_import):
        for snapshot in added.get(_base(obj.name), []):
            _restore_modifier(obj, snapshot)


def remove(root: bpy.types.Object) -> None:
    content = root.get(CONTENT)
    for obj in list(content.all_objects) if content is not None else [root]:
        bpy.data.objects.remove(obj)
    if content is not None:
        for child in list(content.children_recursive):
            bpy.data.collections.remove(child)
        bpy.data.collections.remove(content)


def content_objects(root: bpy.types.Object) -> list[bpy.types.Object]:
    content = root.get(CONTENT)
    return [o for o in content.all_objects if o is not root] if content is not None else []


def _import_under(root, content, run_import) -> list[bpy.types.Object]:
    view_layer = bpy.context.view_layer
    previous = view_layer.active_layer_collection
    layer = _layer_of(view_layer.layer_collection, content)
    if layer is not None:
        view_layer.active_layer_collection = layer
    before = set(bpy.data.objects)
    try:
        run_import()
    finally:
        view_layer.active_layer_collection = previous
    made = [o for o in bpy.data.objects if o not in before]
    for obj in made:
        if content not in obj.users_collection and not any(c in content.children_recursive
                                                            for c in obj.users_collection):
            for coll in list(obj.users_collection):
                coll.objects.unlink(obj)
            content.objects.link(obj)
        if obj.parent is None:
            obj.parent = root
        obj[IMPORTED_MODIFIERS] = [m.name for m in obj.modifiers]
    return made


def _layer_of(layer, collection):
    if layer.collection == collection:
        return layer
    for child in layer.children:
        found = _layer_of(child, collection)
        if found is not None:
            return found
    return None


def _base(name: str) -> str:
    return re.sub(r"\.\d{3}$", "", name)


def _artist_modifiers(obj) -> list[dict[str, Any]]:
    brought = set(obj.get(IMPORTED_MODIFIERS, []))
    return [_snapshot(m) for m in obj.modifiers if m.name not in brought]


def _snapshot(modifier) -> dict[str, Any]:
    props = {}
    for prop in modifier.bl_rna.properties:
        if prop.is_readonly or prop.identifier in ("name", "type") or prop.type == "COLLECTION":
            continue
        value = getattr(modifier, prop.identifier)
        if prop.type == "POINTER" and not isinstance(value, bpy.types.ID | type(None)):
            continue
        props[prop.identifier] = tuple(value) if getattr(prop, "is_array", False) else value
    return {"name": modifier.name, "type": modifier.type, "props": props}


def _restore_modifier(obj, snapshot) -> None:
    if obj.modifiers.get(snapshot["name"]) is not None:
        return
    try:
        modifier = obj.modifiers.new(snapshot["name"], snapshot["type"])
    except (TypeError, RuntimeError):  # this kind of object cannot take that modifier
        return
    for key, value in snapshot["props"].items():
        try:
            setattr(modifier, key, value)
        except (AttributeError, TypeError, ValueError, ReferenceError):
            pass  # a setting the new object cannot take: keep the modifier with its defaults there


OPTIONS = "brickyard_options"  # on the root empty: the options it was loaded with, reused on update


class ImportLoader(Loader):
    """Base of the import loaders: subclasses set ``suffixes`` and ``Options`` and write ``run_import``."""

    hosts = ["blender"]
    suffixes: ClassVar[tuple[str, ...]] = ()

    def run_import(self, path: Path, options: Any, version: Any) -> None:
        raise NotImplementedError

    def load(self, context):
        return self.host.on_main(lambda: self._load(context))

    def update(self, container, context):
        return self.host.on_main(lambda: self._update(container, context))

    def remove(self, container):
        self.host.on_main(lambda: remove(self.host.container_block(container.id)))

    def _options(self, stored: str | None) -> Any:
        if self.Options is None:
            return None
        return self.Options.model_validate_json(stored) if stored else self.Options()

    def _load(self, context):
        path = file_with_suffix(context.paths, *self.suffixes)
        options = context.options if context.options is not None else self._options(None)
        version = context.version
        root = build(context, lambda: self.run_import(path, options, version), getattr(options, "collection", ""))
        if options is not None:
            root[OPTIONS] = options.model_dump_json()
        return context.make_container(name=root.name, namespace=context.version.folder)

    def _update(self, container, context):
        root = self.host.container_block(container.id)
        path = file_with_suffix(context.paths, *self.suffixes)
        options = self._options(root.get(OPTIONS))
        self.replace(root, path, options, context.version)
        return context.make_container(name=root.name, namespace=container.namespace)

    def replace(self, root: bpy.types.Object, path: Path, options: Any, version: Any) -> None:
        """Bring ``path`` in under ``root`` in place of the old file (default: rebuild)."""
        rebuild(root, lambda: self.run_import(path, options, version))
