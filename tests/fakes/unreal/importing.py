"""Import and export tasks, the FBX / Alembic options, Interchange, console variables.

What the editor does, in small: ``import_asset_tasks`` returns None and fills ``imported_object_paths``
(empty on failure, with a log line); an existing asset is replaced only with ``replace_existing`` and
only by one of the same class (the same object is updated: whoever referenced it sees the new data);
under Interchange (FBX from 5.5 unless the console variable turns it off; glTF always)
``destination_name`` and the legacy ``FbxImportUI`` options are ignored and assets are named after
the source file. Test "FBX" files are text whose first line says what they hold, e.g.
``fbx skeletal_mesh``; the rest of the bytes become the asset's ``fake_payload``. A glTF or USD file
whose first line names ``skeletal_mesh animation`` brings its clip (``<name>_Anim``) with its skeleton.
A mesh file's first line may also name the materials and textures it carries (``material=M_Hero
texture=T_Hero_D``): each becomes an asset beside the mesh, named as in the file (whichever importer),
the mesh using every material and every material every texture — unless the legacy importer's
``FbxImportUI`` turns ``import_materials`` / ``import_textures`` off. An import decides afresh what its
main asset uses: a re-import in place from a file without materials leaves the mesh using none (and the
materials the previous import made, unused, where they were).
"""

from __future__ import annotations

import re
import os
from pathlib import Path
from typing import Any

from ._core import STATE, Array, EnumBase, Object, fake_game_thread_only, fake_invalid_path, log_error, log_warning
from .assets import (
    AnimSequence,
    FakeAsset,
    GeometryCache,
    Material,
    PhysicsAsset,
    SkeletalMesh,
    Skeleton,
    SoundWave,
    StaticMesh,
    Texture2D,
    fake_save,
)
from .level import World

FBX_INTERCHANGE = "Interchange.FeatureFlags.Import.FBX"
_IMAGES = {".png", ".jpg", ".jpeg", ".exr", ".tga", ".tif", ".tiff", ".hdr"}
_FBX_KINDS = {"static_mesh": StaticMesh, "skeletal_mesh": SkeletalMesh, "animation": AnimSequence}


class FBXImportType(EnumBase):
    FBXIT_STATIC_MESH = 0
    FBXIT_SKELETAL_MESH = 1
    FBXIT_ANIMATION = 2


class AlembicImportType(EnumBase):
    STATIC_MESH = 0
    GEOMETRY_CACHE = 1
    SKELETAL = 2


class FbxImportUI(Object):
    def __init__(self, outer: Any = None, name: str = "FbxImportUI") -> None:
        super().__init__(outer, name)
        self.import_mesh = True
        self.import_as_skeletal = False
        self.mesh_type_to_import = FBXImportType.FBXIT_STATIC_MESH
        self.import_animations = False
        self.import_materials = True
        self.import_textures = True
        self.skeleton: Any = None
        self.automated_import_should_detect_type = True


class AbcImportSettings(Object):
    def __init__(self, outer: Any = None, name: str = "AbcImportSettings") -> None:
        super().__init__(outer, name)
        self.import_type = AlembicImportType.STATIC_MESH


class AssetImportTask(Object):
    def __init__(self, outer: Any = None, name: str = "AssetImportTask") -> None:
        super().__init__(outer, name)
        self.filename = ""
        self.destination_path = ""
        self.destination_name = ""
        self.replace_existing = False
        self.replace_existing_settings = False
        self.automated = False
        self.save = False
        self.async_ = False
        self.factory: Any = None
        self.options: Any = None
        self.imported_object_paths: Array = Array(str)
        self.fake_interchange = False  # which importer ran

    def get_objects(self) -> Array:
        return Array.cast(Object, [STATE.assets[p] for p in self.imported_object_paths if p in STATE.assets])


def fbx_through_interchange() -> bool:
    return STATE.console.get(FBX_INTERCHANGE, "True").lower() in ("1", "true")


def _sanitised(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", stem)


def _asset_class(task: AssetImportTask, source: Path, head: str, interchange: bool) -> type[FakeAsset] | None:
    suffix = source.suffix.lower()
    if suffix == ".fbx":
        options = None if interchange else task.options
        if isinstance(options, FbxImportUI) and not options.automated_import_should_detect_type:
            return {FBXImportType.FBXIT_STATIC_MESH: StaticMesh, FBXImportType.FBXIT_SKELETAL_MESH: SkeletalMesh,
                    FBXImportType.FBXIT_ANIMATION: AnimSequence}[options.mesh_type_to_import]
        return _FBX_KINDS.get(head.split()[1] if len(head.split()) > 1 else "static_mesh", StaticMesh)
    if suffix in (".gltf", ".glb", ".usd", ".usda", ".usdc", ".usdz"):
        return SkeletalMesh if "skeletal_mesh" in head else StaticMesh
    if suffix in _IMAGES:
        return Texture2D
    if suffix == ".wav":
        return SoundWave
    if suffix == ".abc":
        settings = task.options if isinstance(task.options, AbcImportSettings) else AbcImportSettings()
        return {AlembicImportType.STATIC_MESH: StaticMesh, AlembicImportType.GEOMETRY_CACHE: GeometryCache,
                AlembicImportType.SKELETAL: SkeletalMesh}[settings.import_type]
    return None


def _put(cls: type[FakeAsset], package: str, name: str, task: AssetImportTask, payload: bytes) -> FakeAsset | None:
    """Create the asset, or update the existing one in place (same object) when allowed."""
    path = f"{package}/{name}.{name}"
    existing = STATE.assets.get(path)
    if existing is not None:
        if not task.replace_existing:
            log_warning(f"Import skipped: {path} already exists (replace_existing is False)")
            return None
        if type(existing) is not cls:
            log_error(f"Import failed: cannot replace {path}, a {type(existing).__name__}, with a {cls.__name__}")
            return None
        asset = existing
    else:
        asset = cls(None, name).fake_register(f"{package}/{name}")
    asset.fake_payload = payload
    asset.asset_import_data.fake_filenames = [task.filename]
    asset.fake_dirty = True
    asset.fake_loaded = True
    return asset


def _run(task: AssetImportTask) -> list[FakeAsset]:
    source = Path(task.filename)
    if not source.is_file():
        log_error(f"Import failed: the source file {task.filename} does not exist")
        return []
    data = source.read_bytes()
    line = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    head = line.lower()
    suffix = source.suffix.lower()
    interchange = (suffix == ".fbx" and fbx_through_interchange()) or suffix in (".gltf", ".glb")
    task.fake_interchange = interchange
    cls = _asset_class(task, source, head, interchange)
    if cls is None:
        log_error(f"Import failed: no factory imports {source.name}")
        return []
    name = _sanitised(source.stem) if interchange or not task.destination_name else task.destination_name
    package = task.destination_path.rstrip("/")
    skeleton = None
    if cls is AnimSequence:
        skeleton = task.options.skeleton if isinstance(task.options, FbxImportUI) and not interchange else None
        if skeleton is None:
            log_error(f"Import failed: {source.name} is an animation and no skeleton was given")
            return []
    made: list[FakeAsset] = []
    uses: list[FakeAsset] = []  # what the main asset references
    if cls in (StaticMesh, SkeletalMesh):
        carried = _carried(task, line, interchange)
        if carried is None:
            return []
        made += carried
        uses += [a for a in carried if isinstance(a, Material)]
    if cls is SkeletalMesh:
        for extra_cls, suffix_name in ((Skeleton, "_Skeleton"), (PhysicsAsset, "_PhysicsAsset")):
            extra = _put(extra_cls, package, name + suffix_name, task, b"")
            if extra is None:
                return []
            made.append(extra)
            uses.append(extra)
    main = _put(cls, package, name, task, data)
    if main is None:
        return []
    main.fake_references = uses if skeleton is None else [skeleton]
    if cls is SkeletalMesh and suffix != ".fbx" and "animation" in head.split():  # glTF / USD: clips too
        clip = _put(AnimSequence, package, name + "_Anim", task, data)
        if clip is None:
            return []
        clip.fake_references = [a for a in uses if isinstance(a, Skeleton)]
        made.append(clip)
    STATE.directories.add(package)
    return made + [main]  # the extra assets first, as the editor may list them


def _carried(task: AssetImportTask, line: str, interchange: bool) -> list[FakeAsset] | None:
    """The textures, then the materials using them, that a mesh file names (``texture=T material=M``)."""
    named = [w.split("=", 1) for w in line.split() if "=" in w]
    options = task.options if isinstance(task.options, FbxImportUI) and not interchange else None
    want = {"texture": options is None or options.import_textures,
            "material": options is None or options.import_materials}
    package = task.destination_path.rstrip("/")
    textures: list[FakeAsset] = []
    materials: list[FakeAsset] = []
    for kind, asset_name in named:
        if not want.get(kind.lower()):
            continue
        asset = _put(Texture2D if kind.lower() == "texture" else Material, package, _sanitised(asset_name), task, b"")
        if asset is None:
            return None
        (textures if kind.lower() == "texture" else materials).append(asset)
    for material in materials:
        material.fake_references = list(textures)
    return textures + materials


class AssetTools(Object):
    def import_asset_tasks(self, import_tasks: Array) -> None:
        fake_game_thread_only("AssetTools.import_asset_tasks")
        for task in import_tasks:
            if not task.automated:
                log_warning("an import task without automated=True would open a dialog")
            problem = fake_invalid_path(task.destination_path.rstrip("/"))
            if problem:
                log_error(f"Import failed: {problem}")
                task.imported_object_paths = Array(str)
                continue
            imported = _run(task)
            task.imported_object_paths = Array.cast(str, [a.get_path_name() for a in imported])
            if task.save:
                for asset in imported:
                    fake_save(asset)


class AssetToolsHelpers(Object):
    _tools = AssetTools()

    @classmethod
    def get_asset_tools(cls) -> AssetTools:
        return cls._tools


class InterchangeManager(Object):
    def is_interchange_active(self) -> bool:
        return True

    @classmethod
    def get_interchange_manager_scripted(cls) -> InterchangeManager:
        return cls()


# --- export ---------------------------------------------------------------------------------------
_EXPORTS = {StaticMesh: {".fbx", ".obj", ".gltf", ".glb", ".usd", ".usda"},
            SkeletalMesh: {".fbx", ".gltf", ".glb", ".usd", ".usda"}, AnimSequence: {".fbx"},
            Texture2D: {".png", ".tga", ".exr", ".hdr"}, SoundWave: {".wav"},
            World: {".fbx", ".gltf", ".glb", ".usd", ".usda"}}


class AssetExportTask(Object):
    def __init__(self, outer: Any = None, name: str = "AssetExportTask") -> None:
        super().__init__(outer, name)
        self.object: Any = None
        self.exporter: Any = None
        self.filename = ""
        self.selected = False
        self.replace_identical = True
        self.prompt = True
        self.automated = False
        self.use_file_archive = False
        self.write_empty_files = False
        self.options: Any = None
        self.errors: Array = Array(str)


class Exporter(Object):
    @classmethod
    def run_asset_export_task(cls, task: AssetExportTask) -> bool:
        target = Path(task.filename)
        allowed = next((exts for t, exts in _EXPORTS.items() if isinstance(task.object, t)), set())
        if task.prompt and not task.automated:
            task.errors.append("the export would prompt: set automated=True and prompt=False")
            return False
        if target.suffix.lower() not in allowed:
            task.errors.append(f"no exporter writes a {type(task.object).__name__} to {target.suffix}")
            return False
        if isinstance(task.object, World):
            actors = task.object.fake_selected if task.selected else task.object.fake_actors
            body = "".join(f"actor {a.get_actor_label()}\n" for a in actors).encode()
        else:
            body = task.object.fake_payload
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f"exported {type(task.object).__name__} {task.object.get_path_name()}\n".encode() + body)
        return True

    @classmethod
    def run_asset_export_tasks(cls, export_tasks: Array) -> bool:
        return all([cls.run_asset_export_task(t) for t in export_tasks])


class SystemLibrary:
    @classmethod
    def execute_console_command(cls, world_context_object: Any, command: str, specific_player: Any = None) -> None:
        name, _, value = command.strip().partition(" ")
        STATE.console[name] = value.strip()

    @classmethod
    def get_console_variable_bool_value(cls, variable_name: str) -> bool:
        return STATE.console.get(variable_name, "0").lower() in ("1", "true")

    @classmethod
    def get_engine_version(cls) -> str:
        return STATE.engine_version

    @classmethod
    def get_project_directory(cls) -> str:
        return str(STATE.project_dir) + "/"


class Paths:
    """Answers the project's folders as the editor does: relative to the engine's binary folder
    (``STATE.engine_binaries_dir``), e.g. ``../../../../Projects/Film/Content/``."""

    @classmethod
    def fake_relative(cls, folder: Path) -> str:
        return os.path.relpath(folder, STATE.engine_binaries_dir).replace(os.sep, "/") + "/"

    @classmethod
    def project_dir(cls) -> str:
        return cls.fake_relative(STATE.project_dir)

    @classmethod
    def project_content_dir(cls) -> str:
        return cls.fake_relative(STATE.project_dir / "Content")

    @classmethod
    def project_saved_dir(cls) -> str:
        return cls.fake_relative(STATE.project_dir / "Saved")

    @classmethod
    def convert_relative_path_to_full(cls, path: str, base_path: str = "") -> str:
        """Relative to ``base_path``, else the process's base folder (the engine's binaries); a trailing
        slash is kept, as the editor keeps it."""
        if not isinstance(path, str):
            raise TypeError(f"convert_relative_path_to_full takes a str, not {type(path).__name__}")
        base = Path(base_path) if base_path else STATE.engine_binaries_dir
        full = os.path.normpath(os.path.join(base, path)).replace(os.sep, "/")
        return full + "/" if path.endswith("/") and not full.endswith("/") else full
