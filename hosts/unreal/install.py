"""Install Brickyard into an Unreal project: ``init_unreal.py``, the plugins it needs, the registry tags.

    python -m brickyard.hosts.unreal.install --project ~/Unreal/MyFilm [--as-plugin] [--dry-run]

- ``Content/Python/init_unreal.py`` (or, with ``--as-plugin``, a ``Plugins/Brickyard`` plugin carrying
  it) that makes this Python environment importable and starts Brickyard with the editor. An
  ``init_unreal.py`` that is not Brickyard's is never overwritten.
- The Python Editor Script and Editor Scripting Utilities plugins enabled in the ``.uproject``.
- ``Config/DefaultGame.ini``: Brickyard's container tags registered with the Asset Registry, so the
  Inventory lists containers without loading assets.

Each step says what it did (or would do); running it again changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brickyard.core.errors import InvalidInput

from .content import registry_tags

TEMPLATE = Path(__file__).resolve().parent / "init_unreal.py"
MARKER = "Brickyard's start-up script for the Unreal editor"
NEEDED_PLUGINS = ("PythonScriptPlugin", "EditorScriptingUtilities")
REGISTRY_SECTION = "[/Script/Engine.AssetManagerSettings]"
EDITOR_PYTHON = (3, 11)  # UE 5.4 – 5.6


@dataclass
class Plan:
    """The files to write, as (path, text), and what each step means for the artist."""

    writes: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def find_uproject(project: Path) -> Path:
    project = Path(project).expanduser()
    if project.suffix == ".uproject" and project.is_file():
        return project
    found = sorted(project.glob("*.uproject")) if project.is_dir() else []
    if len(found) != 1:
        raise InvalidInput(f"{project} is not an Unreal project folder (expected one .uproject file in it, found "
                           f"{len(found)}); pass the folder that holds your .uproject")
    return found[0]


def startup_script(site_packages: str, project_code: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace('SITE_PACKAGES = ""', f"SITE_PACKAGES = {site_packages!r}", 1)
    return text.replace('PROJECT = ""', f"PROJECT = {project_code!r}", 1)


def plan(uproject: Path, *, as_plugin: bool, project_code: str = "", site_packages: str | None = None) -> Plan:
    root = uproject.parent
    result = Plan()
    script = startup_script(site_packages or sysconfig.get_paths()["purelib"], project_code)
    if as_plugin:
        plugin = root / "Plugins" / "Brickyard"
        result.writes.append((plugin / "Brickyard.uplugin", _uplugin()))
        target = plugin / "Content" / "Python" / "init_unreal.py"
    else:
        target = root / "Content" / "Python" / "init_unreal.py"
    if target.exists() and MARKER not in target.read_text(encoding="utf-8", errors="replace"):
        raise InvalidInput(f"{target} exists and is not Brickyard's; it was left as it is. Install with "
                           "--as-plugin instead, or move your script's content elsewhere and run this again")
    if not target.exists() or target.read_text(encoding="utf-8") != script:
        result.writes.append((target, script))
    project = json.loads(uproject.read_text(encoding="utf-8"))
    plugins = project.setdefault("Plugins", [])
    names = {p.get("Name"): p for p in plugins}
    for name in NEEDED_PLUGINS:
        if name in names and names[name].get("Enabled"):
            continue
        if name in names:
            names[name]["Enabled"] = True
        else:
            plugins.append({"Name": name, "Enabled": True})
        result.notes.append(f"enable the {name} plugin in {uproject.name}")
    if any(note.startswith("enable") for note in result.notes):
        result.writes.append((uproject, json.dumps(project, indent="\t") + "\n"))
    ini = root / "Config" / "DefaultGame.ini"
    text = ini.read_text(encoding="utf-8") if ini.exists() else ""
    updated = _with_registry_tags(text)
    if updated != text:
        result.writes.append((ini, updated))
        result.notes.append(f"register Brickyard's container tags with the Asset Registry in {ini}")
    if sys.version_info[:2] != EDITOR_PYTHON:
        result.notes.append(f"warning: this Python is {sys.version_info[0]}.{sys.version_info[1]} but the editor's "
                            f"is {EDITOR_PYTHON[0]}.{EDITOR_PYTHON[1]}; install Brickyard into a "
                            f"{EDITOR_PYTHON[0]}.{EDITOR_PYTHON[1]} environment so its compiled parts load")
    return result


def _uplugin() -> str:
    return json.dumps({
        "FileVersion": 3, "Version": 1, "VersionName": "0.1.0", "FriendlyName": "Brickyard",
        "Description": "Load, publish and switch versions of production assets with Brickyard",
        "Category": "Pipeline", "CanContainContent": True, "EnabledByDefault": True,
        "Plugins": [{"Name": name, "Enabled": True} for name in NEEDED_PLUGINS],
    }, indent="\t") + "\n"


def _with_registry_tags(text: str) -> str:
    lines = text.splitlines()
    wanted = [f"+MetaDataTagsForAssetRegistry={tag}" for tag in registry_tags()]
    missing = [line for line in wanted if line not in lines]
    if not missing:
        return text
    if REGISTRY_SECTION in lines:
        at = lines.index(REGISTRY_SECTION) + 1
        lines[at:at] = missing
    else:
        lines += ([""] if lines else []) + [REGISTRY_SECTION, *missing]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def install(project: Path, *, as_plugin: bool = False, dry_run: bool = False, project_code: str = "",
            site_packages: str | None = None) -> Plan:
    """Install into the Unreal project at ``project``; the plan carried out (or not, with ``dry_run``)."""
    result = plan(find_uproject(project), as_plugin=as_plugin, project_code=project_code,
                  site_packages=site_packages)
    if not dry_run:
        for path, text in result.writes:
            _write(path, text)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brickyard install unreal",
                                     description="Install Brickyard into an Unreal Engine project")
    parser.add_argument("--project", required=True, type=Path, help="the folder holding the .uproject")
    parser.add_argument("--as-plugin", action="store_true", help="install as the Plugins/Brickyard plugin")
    parser.add_argument("--brickyard-project", default="", help="the Brickyard project code this one works on")
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    args = parser.parse_args(argv)
    try:
        result = install(args.project, as_plugin=args.as_plugin, dry_run=args.dry_run,
                         project_code=args.brickyard_project)
    except (InvalidInput, OSError, json.JSONDecodeError) as exc:
        print(f"error: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
        return 1
    verb = "would write" if args.dry_run else "wrote"
    for path, _ in result.writes:
        print(f"{verb} {path}")
    for note in result.notes:
        print(f"  {note}")
    if not result.writes:
        print("already installed; nothing to change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
