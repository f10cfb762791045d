"""What a load's imports left behind: delete what nothing uses, keep (and name) what something still does.

A switch re-imports into the load's folder; what the previous version's import made that this one no
longer makes (a material or texture an FBX or glTF brought along, a skeleton, a physics asset) is left
over. ``clear`` deletes each leftover nothing references — pass after pass, so a material that used a
texture goes first and the texture after it — and keeps those something still uses (another asset, a
level actor's material override, a leftover kept for that reason), naming who. It never deletes what is
referenced: ``EditorAssetLibrary.delete_asset`` is a force delete that would leave those dangling.
Removing a load clears its whole folder the same way.

Game-thread only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Cleared:
    deleted: list[str] = field(default_factory=list)  # object paths
    kept: dict[str, list[str]] = field(default_factory=dict)  # object path → packages still using it
    failed: list[str] = field(default_factory=list)  # unused, but Unreal would not delete them


def describe_kept(kept: dict[str, list[str]]) -> str:
    """``T_Hero (used by /Game/Env/M_Wet); …`` for the artist."""
    return "; ".join(f"{path} (used by {', '.join(users)})" for path, users in sorted(kept.items()))


def describe_undeleted(paths: list[str]) -> str:
    return f"Unreal would not delete {', '.join(paths)} (unused): delete them from the Content Browser"


def clear(candidates: Iterable[str]) -> Cleared:
    """Delete the ``candidates`` (object paths) that nothing references; the rest are kept and reported."""
    import unreal

    library = unreal.EditorAssetLibrary
    remaining = sorted({p for p in candidates if library.does_asset_exist(p)})
    cleared = Cleared()
    progress = True
    while progress and remaining:
        progress = False
        for path in list(remaining):
            if _users(path):
                continue
            remaining.remove(path)
            if library.delete_asset(path):
                cleared.deleted.append(path)
                progress = True
            else:
                cleared.failed.append(path)
    cleared.kept = {path: _users(path) for path in remaining}
    return cleared


def _users(path: str) -> list[str]:
    """The packages referencing the asset at ``path`` (hard or soft), its own package left out."""
    import unreal

    own = path.rsplit(".", 1)[0]
    return [str(p) for p in unreal.EditorAssetLibrary.find_package_referencers_for_asset(path) if str(p) != own]
