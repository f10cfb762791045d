"""A fake ``unreal`` module: the subset of the UE 5.6 editor API Brickyard uses, in memory.

Tests install it as ``sys.modules["unreal"]`` (see tests/hosts/unreal/conftest.py); ``fake_reset``
gives a fresh editor with an empty content tree and a saved level ``/Game/Maps/Main``. Names and
parameters follow the UE 5.6 stub (tests/hosts/unreal/test_fake_conformance.py checks); everything a
test uses to drive or inspect the fake starts with ``fake_``.
"""

# ruff: noqa: F401 - this module re-exports the fake editor API, as `unreal` does
from __future__ import annotations

from pathlib import Path

from . import _core
from ._core import (
    Array,
    Class,
    EnumBase,
    Map,
    Name,
    Object,
    Rotator,
    Text,
    Transform,
    Vector,
    fake_state,
    is_editor,
    log,
    log_error,
    log_warning,
)
from .assets import (
    AnimSequence,
    ARFilter,
    AssetData,
    AssetImportData,
    AssetRegistry,
    AssetRegistryHelpers,
    GeometryCache,
    Material,
    PhysicsAsset,
    SkeletalMesh,
    Skeleton,
    SoundWave,
    StaticMesh,
    Texture2D,
    TopLevelAssetPath,
    fake_load,
    fake_restart,
)
from .importing import (
    AbcImportSettings,
    AlembicImportType,
    AssetExportTask,
    AssetImportTask,
    AssetTools,
    AssetToolsHelpers,
    Exporter,
    FBXImportType,
    FbxImportUI,
    InterchangeManager,
    Paths,
    SystemLibrary,
)
from .level import (
    Actor,
    ActorComponent,
    AmbientSound,
    AudioComponent,
    EditorActorSubsystem,
    GeometryCacheActor,
    GeometryCacheComponent,
    LevelEditorSubsystem,
    MeshComponent,
    SkeletalMeshActor,
    SkeletalMeshComponent,
    StaticMeshActor,
    StaticMeshComponent,
    UnrealEditorSubsystem,
    World,
    fake_new_level,
    get_editor_subsystem,
)
from .library import EditorAssetLibrary, EditorUtilityLibrary
from .menus import (
    MultiBlockType,
    ToolMenu,
    ToolMenuEntry,
    ToolMenuEntryExtensions,
    ToolMenuInsert,
    ToolMenuInsertType,
    ToolMenuOwner,
    ToolMenus,
    ToolMenuStringCommandType,
    fake_click,
    fake_menu,
)
from .slate import (
    AutomationEditorTask,
    AutomationLibrary,
    SlateParentWindowSearchMethod,
    fake_shutdown,
    fake_tick,
    parent_external_window_to_slate,
    register_python_shutdown_callback,
    register_slate_post_tick_callback,
    unregister_python_shutdown_callback,
    unregister_slate_post_tick_callback,
)


def fake_reset(project_dir: Path | None = None) -> _core.FakeState:
    """A fresh editor session (project files under ``project_dir``) with the level ``/Game/Maps/Main`` open."""
    _core.STATE = state = _core.FakeState()
    for module in (_core, __import__(__name__ + ".assets", fromlist=["_"]),
                   __import__(__name__ + ".library", fromlist=["_"]),
                   __import__(__name__ + ".importing", fromlist=["_"]),
                   __import__(__name__ + ".level", fromlist=["_"]),
                   __import__(__name__ + ".menus", fromlist=["_"]),
                   __import__(__name__ + ".slate", fromlist=["_"])):
        module.STATE = state
    if project_dir is not None:
        state.project_dir = Path(project_dir)
        state.engine_dir = Path(project_dir).parent / "UE_5.6"
    world = fake_new_level()
    LevelEditorSubsystem().save_current_level()
    world.fake_saves = 0
    return state


def fake_current() -> _core.FakeState:
    return _core.STATE


fake_reset()
