"""Getting hold of the running Resolve: inside it (the Workspace › Scripts menu hands scripts a
``resolve`` global) or from another process through ``DaVinciResolveScript`` (Studio only, with
external scripting allowed in Preferences).

Every way this can fail says so plainly and what to do::

    >>> resolve = connect()            # from a terminal, a farm job, the Qt windows' process
    >>> release_of(resolve)
    (19, 1, 3)
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from brickyard.core.errors import BrickyardError

if TYPE_CHECKING:
    from fusionscript import Resolve

Release = tuple[int, int, int]
OLDEST_SUPPORTED: Release = (18, 0, 0)  # GetUniqueId, which identity relies on, arrived in 18.0

# Where Resolve installs its scripting module and library (the README's defaults per OS).
DEFAULT_SCRIPT_API = {
    "darwin": "/Library/Application Support/Blackmagic Design/DaVinci Resolve/Developer/Scripting",
    "win32": os.path.join(os.environ.get("PROGRAMDATA", r"C:\ProgramData"),
                          "Blackmagic Design", "DaVinci Resolve", "Support", "Developer", "Scripting"),
    "linux": "/opt/resolve/Developer/Scripting",
}
DEFAULT_SCRIPT_LIB = {
    "darwin": "/Applications/DaVinci Resolve/DaVinci Resolve.app/Contents/Libraries/Fusion/fusionscript.so",
    "win32": r"C:\Program Files\Blackmagic Design\DaVinci Resolve\fusionscript.dll",
    "linux": "/opt/resolve/libs/Fusion/fusionscript.so",
}

NOT_CONNECTED_HELP = (
    "Check that: (1) DaVinci Resolve is running with a project open; (2) Preferences › System › General › "
    "\"External scripting using\" is set to Local (or Network for another machine) — then restart Resolve; "
    "(3) it is DaVinci Resolve Studio: the free edition refuses scripts from outside Resolve (run Brickyard "
    "from Workspace › Scripts › Brickyard instead)."
)


class ResolveUnavailable(BrickyardError):
    """Resolve cannot be reached from here; the message says why and what to do."""

    code = "resolve_unavailable"
    status = 503


def _platform() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def script_module() -> ModuleType:
    """Import ``DaVinciResolveScript`` the way the README says: from ``RESOLVE_SCRIPT_API/Modules``."""
    api = os.environ.get("RESOLVE_SCRIPT_API") or DEFAULT_SCRIPT_API.get(_platform(), "")
    modules = str(Path(api) / "Modules")
    if api and modules not in sys.path:
        sys.path.append(modules)
    os.environ.setdefault("RESOLVE_SCRIPT_LIB", DEFAULT_SCRIPT_LIB.get(_platform(), ""))
    try:
        return importlib.import_module("DaVinciResolveScript")
    except ImportError as exc:
        raise ResolveUnavailable(
            f"cannot load Resolve's scripting module ({exc}). Is DaVinci Resolve installed on this machine? "
            f"Set RESOLVE_SCRIPT_API to its Developer/Scripting folder (looked in {api or 'nowhere'}) and "
            f"RESOLVE_SCRIPT_LIB to its fusionscript library (now {os.environ.get('RESOLVE_SCRIPT_LIB')!r}).",
            detail={"RESOLVE_SCRIPT_API": api, "RESOLVE_SCRIPT_LIB": os.environ.get("RESOLVE_SCRIPT_LIB", "")},
        ) from exc


def connect(resolve: Any = None, *, host: str | None = None, module: ModuleType | None = None) -> Resolve:
    """The ``Resolve`` object: ``resolve`` when given (the global a menu script receives), else one
    reached through the scripting module (``module``, for tests; ``host``: an IP for Network scripting).

    ``ResolveUnavailable`` says what is wrong: no scripting module, Resolve not running, external
    scripting off, the free edition, or a release too old for Brickyard.
    """
    if resolve is None:
        scripting = module if module is not None else script_module()
        resolve = scripting.scriptapp("Resolve", host) if host else scripting.scriptapp("Resolve")
        if resolve is None:
            raise ResolveUnavailable("DaVinci Resolve did not answer. " + NOT_CONNECTED_HELP)
    release = release_of(resolve)
    if release < OLDEST_SUPPORTED:
        raise ResolveUnavailable(
            f"DaVinci Resolve {'.'.join(map(str, release))} is too old for Brickyard, which needs "
            f"{'.'.join(map(str, OLDEST_SUPPORTED))} or newer (clip identity relies on GetUniqueId). Update Resolve.",
            detail={"release": list(release)})
    return resolve


def release_of(resolve: Resolve) -> Release:
    """``(major, minor, patch)`` from ``GetVersion()`` (the README's way to gate features)."""
    version = resolve.GetVersion() or []
    numbers = [int(part) for part in version[:3] if isinstance(part, (int, float, str)) and str(part).isdigit()]
    major, minor, patch = (numbers + [0, 0, 0])[:3]
    return (major, minor, patch)


def is_studio(resolve: Resolve) -> bool:
    return "studio" in str(resolve.GetProductName() or "").lower()
