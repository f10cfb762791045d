"""The fake application: the ``Resolve`` object, its project manager, and the scripting module that
hands it out (``DaVinciResolveScript.scriptapp``), with the release, edition and preferences that
decide what a script may do.

    >>> resolve = FakeResolve(release="19.0.2")
    >>> project = resolve.GetProjectManager().GetCurrentProject()
    >>> resolve.advance(2.0)   # two seconds pass: running renders move on
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._remote import Proxy, Remote, parse_release
from .project import FakeProject

if TYPE_CHECKING:
    from fusionscript import ProjectManager as _ProjectManager
    from fusionscript import Resolve as _Resolve
else:
    _ProjectManager = _Resolve = object

PAGES = ("media", "cut", "edit", "fusion", "color", "fairlight", "deliver")
PLAYHEAD_PAGES = ("cut", "edit", "color", "fairlight", "deliver")  # where the playhead calls work (the README)
UNTITLED = "Untitled Project"


class FakeProjectManager(Remote, _ProjectManager):
    def __init__(self, app: FakeResolve) -> None:
        self._app = app
        self._projects = [FakeProject(app, UNTITLED)]
        self._current = self._projects[0]
        self.saves = 0

    def GetCurrentProject(self) -> FakeProject:
        return self._current

    def _open(self, project: FakeProject) -> FakeProject:
        """Open ``project``: the one open before is closed (its proxies answer None from now on)."""
        self._current._closed = True
        project._closed = False
        self._current = project
        return project

    def CreateProject(self, projectName: str, mediaLocationPath: str | None = None) -> FakeProject | None:
        if any(p._name == projectName for p in self._projects):
            return None
        project = FakeProject(self._app, projectName)
        self._projects.append(project)
        return self._open(project)

    def LoadProject(self, projectName: str) -> FakeProject | None:
        for project in self._projects:
            if project._name == projectName:
                return self._open(project)
        return None

    def SaveProject(self) -> bool:
        """False for the untitled project: Resolve asks for a name, which a script cannot give it."""
        if self._current._name == UNTITLED:
            return False
        self.saves += 1
        return True

    def ExportProject(self, projectName: str, filePath: str, withStillsAndLUTs: bool = True) -> bool:
        if not any(p._name == projectName for p in self._projects):
            return False
        path = Path(filePath)
        if not path.parent.is_dir():
            return False
        path.write_bytes(b"fake .drp export of " + projectName.encode() + b"\n")
        return True


class FakeResolve(Remote, _Resolve):
    """One running Resolve. ``release`` hides every method added after it; ``studio`` and
    ``external_scripting`` ("None" | "Local" | "Network") decide whether an outside process connects."""

    def __init__(self, release: str = "20.2.0", *, studio: bool = True, external_scripting: str = "Local") -> None:
        self._app = self
        self.release = parse_release(release)
        self.version_string = release
        self.studio = studio
        self.external_scripting = external_scripting
        self.running = True
        self.calls = 0  # every method called on any object of this app
        self.render_frames_per_second = 48.0  # how fast renders go on the fake clock
        self.render_setters_answer_none = False  # the reported builds that answer None to render setters
        # clipInfo's endFrame in AppendToTimeline: inclusive up to 18, exclusive from 19 (reported in public
        # issue threads, not in the README); a test may force either reading on any release.
        self.clip_info_end_exclusive: bool | None = None
        self.replace_takes_sequence = True  # ReplaceClip given a sequence's first frame: the sequence, or one frame
        self.now = 0.0  # the fake clock, in seconds: only ``advance`` moves it
        self._page = "edit"
        self._manager = FakeProjectManager(self)

    def GetProjectManager(self) -> FakeProjectManager:
        return self._manager

    def GetVersion(self) -> list[Any]:
        return [*self.release, 0, ""]

    def GetVersionString(self) -> str:
        return self.version_string

    def GetProductName(self) -> str:
        return "DaVinci Resolve Studio" if self.studio else "DaVinci Resolve"

    def OpenPage(self, pageName: Any) -> bool:
        if pageName not in PAGES:
            return False
        self._page = pageName
        return True

    def GetCurrentPage(self) -> Any:
        return self._page

    def _end_exclusive(self) -> bool:
        if self.clip_info_end_exclusive is not None:
            return self.clip_info_end_exclusive
        return self.release >= (19, 0, 0)

    # --- test controls (not part of the API) ---------------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass: renders in progress move on, finish and write their files."""
        self.now += seconds
        for project in self._manager._projects:
            project._advance(seconds, self.render_frames_per_second)


def script_module(app: FakeResolve | None) -> types.ModuleType:
    """A stand-in for ``DaVinciResolveScript`` (really ``fusionscript``): ``scriptapp("Resolve")`` answers the
    app, or None when it is not running, external scripting is off, or the edition is the free one."""
    module = types.ModuleType("DaVinciResolveScript")

    def scriptapp(name: str, ip: str | None = None) -> FakeResolve | None:
        if name != "Resolve" or app is None or not app.running:
            return None
        if app.external_scripting == "None" or not app.studio:
            return None
        if ip not in (None, "127.0.0.1", "localhost") and app.external_scripting != "Network":
            return None
        return Proxy(app)  # type: ignore[return-value]  # what a script gets is a proxy

    module.scriptapp = scriptapp  # type: ignore[attr-defined]
    return module
