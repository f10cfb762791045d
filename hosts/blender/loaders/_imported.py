"""Shared by the import loaders: a root empty (the container) over a collection of what an importer made.

The root empty carries the container and whatever the artist did to it (transform, parent). An update
deletes the imported objects and imports the new file under the same root; what the artist did to an
imported object (action, pose, constraints, modifiers, materials, moves, custom properties, children) is
carried onto its namesake in the new version, and what cannot be is named in the update's notes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import bpy
from brickyard.core.load import Loader

from . import _carry
from ._blend import file_with_suffix, target_collection

CONTENT = "brickyard_content"  # on the root empty: the collection holding what was imported


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


def rebuild(root: bpy.types.Object, run_import: Callable[[], Any], note: Callable[[str], None] = print) -> None:
    """Replace what was imported under ``root`` with a new import, carrying the artist's work over
    (``_carry.py``); what cannot be carried is passed to ``note``. The artist's own objects stay."""
    content = root.get(CONTENT)
    if content is None:
        raise LookupError(f"{root.name} has lost its content collection; remove the container and load again")
    imported = [o for o in content.all_objects if o is not root and _carry.is_imported(o)]
    kept = _carry.snapshot(imported)
    bpy.data.batch_remove(imported)
    for child in list(content.children_recursive):
        if not child.all_objects:
            bpy.data.collections.remove(child)
    for text in _carry.restore(kept, _import_under(root, content, run_import)):
        note(text)


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
        _carry.mark(obj)
    return made


def _layer_of(layer, collection):
    if layer.collection == collection:
        return layer
    for child in layer.children:
        found = _layer_of(child, collection)
        if found is not None:
            return found
    return None


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
        self.replace(root, path, options, context.version, context.note)
        return context.make_container(name=root.name, namespace=container.namespace)

    def replace(self, root: bpy.types.Object, path: Path, options: Any, version: Any,
                note: Callable[[str], None]) -> None:
        """Bring ``path`` in under ``root`` in place of the old file (default: rebuild); ``note`` tells the artist."""
        rebuild(root, lambda: self.run_import(path, options, version), note)
