"""The fake project: the media pool, timelines with one *current* timeline, settings and the render
queue (``AddRenderJob`` from the current timeline and settings; ``StartRendering`` returns at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._remote import Remote, new_id
from .media import Media
from .media_pool import FakeMediaPool, FakeMediaPoolItem
from .render import CODECS, DEFAULT_FORMAT, FORMATS, PRESETS, RenderJob, new_job, setting_problem
from .timeline import FakeTimeline

if TYPE_CHECKING:
    from fusionscript import Project as _Project

    from .app import FakeResolve
else:
    _Project = object


class FakeProject(Remote, _Project):
    _since = {"GetUniqueId": (18, 0, 0)}

    def __init__(self, app: FakeResolve, name: str) -> None:
        self._app = app
        self._name = name
        self._id = new_id("project")
        self._pool = FakeMediaPool(app, self)
        self._timelines: list[FakeTimeline] = []
        self._current_timeline: FakeTimeline | None = None
        self._settings = {"timelineFrameRate": "24", "timelineResolutionWidth": "1920",
                          "timelineResolutionHeight": "1080", "colorScienceMode": "davinciYRGB"}
        self._render_settings: dict[str, Any] = {"SelectAllFrames": True, "TargetDir": "", "CustomName": ""}
        self._format, self._codec = DEFAULT_FORMAT
        self._closed = False  # another project was opened: this one's proxies answer None
        self._jobs: dict[str, RenderJob] = {}
        self._queue: list[RenderJob] = []  # jobs StartRendering started, in order
        self.fail_next_render = ""  # a test sets an error message: the next job to render fails with it

    def _gone(self) -> bool:
        return self._closed

    def GetName(self) -> str:
        return self._name

    def GetUniqueId(self) -> str:
        return self._id

    def GetMediaPool(self) -> FakeMediaPool:
        return self._pool

    def GetSetting(self, settingName: str | None = None) -> Any:
        return dict(self._settings) if settingName is None else self._settings.get(settingName, "")

    def SetSetting(self, settingName: str, settingValue: str) -> bool:
        if settingName not in self._settings or not isinstance(settingValue, str):
            return False
        self._settings[settingName] = settingValue
        return True

    # --- timelines ----------------------------------------------------------------------------------
    def GetTimelineCount(self) -> int:
        return len(self._timelines)

    def GetTimelineByIndex(self, idx: int) -> FakeTimeline | None:  # type: ignore[override]
        return self._timelines[idx - 1] if 1 <= idx <= len(self._timelines) else None

    def GetCurrentTimeline(self) -> FakeTimeline | None:  # type: ignore[override]
        return self._current_timeline

    def SetCurrentTimeline(self, timeline: Any) -> bool:
        if not any(t is timeline for t in self._timelines):
            return False
        self._current_timeline = timeline
        return True

    def _add_timeline(self, name: str) -> FakeTimeline | None:
        if not isinstance(name, str) or not name or any(t._name == name for t in self._timelines):
            return None  # a name clash gives None
        timeline = FakeTimeline(self._app, name, fps=int(float(self._settings["timelineFrameRate"])))
        timeline._clip = FakeMediaPoolItem(self._app, Media(name, "Timeline", 0, files=[]))
        timeline._home = timeline._clip._home = self
        timeline._clip._name = name
        self._pool._current._clips.append(timeline._clip)  # a new timeline shows in the current bin
        self._timelines.append(timeline)
        self._current_timeline = timeline  # a new timeline becomes the current one
        return timeline

    def _delete_timeline(self, timeline: Any) -> bool:
        if not any(t is timeline for t in self._timelines):
            return False
        self._timelines = [t for t in self._timelines if t is not timeline]
        timeline._deleted = True
        for track in timeline._tracks.values():
            for items in track:
                for item in items:
                    item._deleted = True
        self._pool.DeleteClips([timeline._clip])
        if self._current_timeline is timeline:
            self._current_timeline = self._timelines[0] if self._timelines else None
        return True

    # --- render settings -----------------------------------------------------------------------------
    def GetRenderFormats(self) -> dict[str, str]:
        return dict(FORMATS)

    def GetRenderCodecs(self, renderFormat: str) -> dict[str, str]:
        """Codecs of the format *id* (``"mov"``); a display name (``"QuickTime"``) answers nothing."""
        return dict(CODECS.get(renderFormat, {}))

    def GetCurrentRenderFormatAndCodec(self) -> Any:
        return {"format": self._format, "codec": self._codec}

    def SetCurrentRenderFormatAndCodec(self, format: str, codec: str) -> bool | None:  # type: ignore[override]
        """Reported to answer None whatever happened on some builds (``app.render_setters_answer_none``)."""
        ok = not self._rendering() and codec in CODECS.get(format, {}).values()
        if ok:
            self._format, self._codec = format, codec
        return None if self._app.render_setters_answer_none else ok

    def GetRenderPresetList(self) -> list[str]:  # type: ignore[override]
        return list(PRESETS)

    def LoadRenderPreset(self, presetName: str) -> bool:
        if presetName not in PRESETS or self._rendering():
            return False
        self._format, self._codec = PRESETS[presetName]
        return True

    def SetRenderSettings(self, settings: Any) -> bool | None:  # type: ignore[override]
        """All or nothing: an unknown key, or a value of the wrong type, and nothing is set."""
        if not isinstance(settings, dict) or self._rendering() or \
                any(setting_problem(k, v, self._app.release) for k, v in settings.items()):
            ok = False
        else:
            self._render_settings.update(settings)
            ok = True
        return None if self._app.render_setters_answer_none else ok

    # --- the queue -------------------------------------------------------------------------------------
    def AddRenderJob(self) -> str | None:  # type: ignore[override]
        """A job id; "" without a current timeline or target folder, or with no media in the range; None
        while rendering (refused)."""
        if self._rendering():
            return None
        timeline = self._current_timeline
        settings = self._render_settings
        if timeline is None or not settings.get("TargetDir"):
            return ""
        if settings.get("SelectAllFrames", True):
            first, last = timeline.GetStartFrame(), timeline.GetEndFrame() - 1
        else:
            first, last = int(settings.get("MarkIn", 0)), int(settings.get("MarkOut", -1))
        if last < first or not timeline._has_media_between(first, last):
            return ""
        job = new_job(timeline_name=timeline.GetName(), format=self._format, codec=self._codec,
                      target_dir=str(settings["TargetDir"]), custom_name=str(settings.get("CustomName") or
                                                                              timeline.GetName()),
                      first=first, last=last, fps=float(timeline._fps),
                      width=int(settings.get("FormatWidth") or self._settings["timelineResolutionWidth"]),
                      height=int(settings.get("FormatHeight") or self._settings["timelineResolutionHeight"]))
        self._jobs[job.id] = job
        return job.id

    def GetRenderJobList(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [job.listing() for job in self._jobs.values()]

    def GetRenderJobStatus(self, jobId: Any) -> Any:
        job = self._jobs.get(jobId)
        return job.status_dict() if job else {}

    def DeleteRenderJob(self, jobId: str) -> bool:
        if self._rendering() or jobId not in self._jobs:
            return False
        del self._jobs[jobId]
        return True

    def DeleteAllRenderJobs(self) -> bool:
        if self._rendering():
            return False
        self._jobs.clear()
        return True

    def StartRendering(self, *args: Any, isInteractiveMode: bool = False) -> bool | None:  # type: ignore[override]
        """Non-blocking: the jobs start and the call returns; ``FakeResolve.advance`` moves them on.
        Reported to answer None even on success on some builds (``app.render_setters_answer_none``)."""
        ok = self._start(args)
        return None if self._app.render_setters_answer_none else ok

    def _start(self, args: tuple[Any, ...]) -> bool:
        if self._rendering():
            return False
        if not args:
            ids = [j.id for j in self._jobs.values() if j.status == "Ready"]
        elif isinstance(args[0], list):
            ids = list(args[0])
        elif isinstance(args[0], bool):
            ids = [j.id for j in self._jobs.values() if j.status == "Ready"]
        else:
            ids = list(args)
        if not ids or any(not isinstance(i, str) or i not in self._jobs for i in ids):
            return False
        self._queue = [self._jobs[i] for i in ids]
        for job in self._queue:
            job.status, job.done_frames, job.outputs = "Ready", 0.0, []
        self._queue[0].status = "Rendering"
        return True

    def IsRenderingInProgress(self) -> bool:
        return self._rendering()

    def StopRendering(self) -> None:
        for job in self._queue:
            if job.status in ("Ready", "Rendering") and job.percent < 100:
                job.status = "Cancelled"
        self._queue = []

    def _rendering(self) -> bool:
        return bool(self._queue)

    def _advance(self, seconds: float, frames_per_second: float) -> None:
        budget = seconds * frames_per_second
        while self._queue and budget > 0:
            job = self._queue[0]
            if job.status == "Ready":
                job.status = "Rendering"
            if self.fail_next_render:
                job.fail_with, self.fail_next_render = self.fail_next_render, ""
            step = min(budget, job.frames - job.done_frames)
            job.done_frames += step
            budget -= step
            if job.done_frames >= job.frames:
                job.finish()
                self._queue.pop(0)
        if self._queue and self._queue[0].status == "Ready":
            self._queue[0].status = "Rendering"
