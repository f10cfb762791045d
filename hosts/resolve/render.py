"""Rendering a timeline (all of it, its marked in/out, or given frames) through the render queue.

Resolve renders asynchronously and several of its setters answer None whatever happened on some
builds, so nothing is taken on trust: the format and codec are read back, the job is checked in the
queue listing, and the job is polled until Complete, Failed or Cancelled — or the timeout, when it is
stopped. An image-sequence job that reaches 100% and stops without saying Complete counts as done.

    >>> result = render_timeline(host, timeline, RenderRequest(Path("/renders/sh010"), "sh010_edit"))
    >>> result.files, result.first, result.last, result.fps
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from brickyard.core.errors import BrickyardError, InvalidInput
from brickyard.core.naming import split_frame

from .bins import current_timeline
from .connection import Release
from .kinds import IMAGE

if TYPE_CHECKING:
    from fusionscript import Project, Timeline

    from .adapter import ResolveHost

MARKS_SINCE: Release = (19, 1, 0)  # Timeline.GetMarkInOut
DONE, FAILED = "Complete", ("Failed", "Cancelled")
Range = Literal["all", "marked", "frames"]


class RenderFailed(BrickyardError):
    code = "render_failed"
    status = 500


class RenderTimedOut(RenderFailed):
    code = "render_timed_out"


@dataclass(frozen=True)
class RenderRequest:
    target_dir: Path
    name: str  # the output's base name (Resolve's CustomName)
    range: Range = "all"
    frame_start: int | None = None  # record frames, for range="frames"
    frame_end: int | None = None
    preset: str | None = None
    format: str | None = None  # a format id, which is its extension ("mov"), or its name ("QuickTime")
    codec: str | None = None  # a codec ("ProRes422HQ") or its description ("Apple ProRes 422 HQ")
    timeout: float = 3600.0  # seconds
    poll: float = 1.0


@dataclass
class RenderResult:
    job: str
    files: list[Path]
    format: str  # the format id Resolve rendered ("mov", "exr"), which is the files' extension
    codec: str
    extension: str
    first: int
    last: int
    fps: float
    width: int
    height: int
    sequence: bool = False
    status: dict[str, Any] = field(default_factory=dict)


def request_for(render: dict[str, Any], *, staging: Path | None, name: str) -> RenderRequest:
    """The request a render instance's options (its ``host_data``) describe."""
    def number(key: str) -> int | None:
        return int(render[key]) if render.get(key) not in (None, "") else None

    return RenderRequest(target_dir=staging or Path("."), name=name, range=render.get("range", "all"),
                         frame_start=number("frame_start"), frame_end=number("frame_end"),
                         preset=render.get("preset") or None, format=render.get("format") or None,
                         codec=render.get("codec") or None, timeout=float(render.get("timeout") or 3600.0))


def staging_dir(host: ResolveHost, instance_id: str) -> Path:
    """A new folder for one render of one instance, under Brickyard's state folder."""
    return host.state_dir / "renders" / instance_id / time.strftime("%Y%m%d-%H%M%S")


def render_timeline(host: ResolveHost, timeline: Timeline, request: RenderRequest, *,
                    progress: Callable[[int], None] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> RenderResult:
    """Render ``timeline`` as ``request`` says; the files written. ``RenderFailed`` / ``RenderTimedOut``
    / ``InvalidInput`` say what went wrong and what to do."""
    project = host.project()
    if project.IsRenderingInProgress():
        raise RenderFailed("Resolve is already rendering; wait for it to finish or stop it on the Deliver page")
    request.target_dir.mkdir(parents=True, exist_ok=True)
    with current_timeline(project, timeline):
        fmt, codec, ext = _format_and_codec(project, request)
        first, last = frame_range(host, timeline, request)
        settings: Any = {"SelectAllFrames": False, "MarkIn": first, "MarkOut": last, "ExportVideo": True,
                         "TargetDir": str(request.target_dir), "CustomName": request.name}
        project.SetRenderSettings(settings)  # its answer is unreliable: the job listing is checked instead
        job = _add_job(project, request, first, last)
        project.StartRendering([job], isInteractiveMode=False)  # non-blocking; its answer is unreliable too
    try:
        status = _wait(host, project, job, request, progress, cancelled)
        listing = _listing(project, job)
        files = _outputs(request.target_dir, str(listing.get("OutputFilename", "")), ext)
    finally:
        if not project.IsRenderingInProgress():
            project.DeleteRenderJob(job)
    # The timeline's own rate: a timeline may have its own settings, unlike the project's.
    fps = float(timeline.GetSetting("timelineFrameRate") or project.GetSetting("timelineFrameRate") or 24)
    return RenderResult(job, files, fmt, codec, ext, int(listing.get("MarkIn", first)),
                        int(listing.get("MarkOut", last)), fps, int(listing.get("FormatWidth") or 0),
                        int(listing.get("FormatHeight") or 0), len(files) > 1, status)


def frame_range(host: ResolveHost, timeline: Timeline, request: RenderRequest) -> tuple[int, int]:
    """The record frames to render, first and last included."""
    start = timeline.GetStartFrame()
    if request.range == "frames":
        if request.frame_start is None or request.frame_end is None or request.frame_end < request.frame_start:
            raise InvalidInput(f"render frames {request.frame_start}-{request.frame_end}: give a first and a "
                               "last frame, the last not before the first")
        return request.frame_start, request.frame_end
    if request.range == "marked":
        if host.release < MARKS_SINCE:
            raise InvalidInput("reading the timeline's marked in/out needs Resolve 19.1 or newer; give the "
                               "frames to render instead, or update Resolve")
        marks = timeline.GetMarkInOut() or {}
        video = marks.get("video") or marks.get("audio")
        if not video:
            raise InvalidInput(f"the timeline {timeline.GetName()!r} has no marked in and out; mark them (I and O "
                               "on the Edit page) or render the whole timeline")
        return marked_frames(int(video["in"]), int(video["out"]), start, timeline.GetEndFrame())
    end = timeline.GetEndFrame()
    if end <= start:
        raise InvalidInput(f"the timeline {timeline.GetName()!r} is empty: nothing to render")
    return start, end - 1


def marked_frames(mark_in: int, mark_out: int, start: int, end: int) -> tuple[int, int]:
    """The record frames of a timeline's marks. The README does not say where ``GetMarkInOut`` counts
    from; its example (``'in': 0``) reads as from the timeline's start. Marks that only make sense as
    record frames (inside ``start``..``end`` but past the timeline's length) are taken as such."""
    length = end - start
    relative_fits = 0 <= mark_in <= mark_out <= max(length, 0)
    absolute_fits = start <= mark_in <= mark_out <= end
    if absolute_fits and not relative_fits:
        return mark_in, mark_out
    return start + mark_in, start + mark_out


def _format_and_codec(project: Project, request: RenderRequest) -> tuple[str, str, str]:
    """Choose and set the format and codec; ``(format id, codec id, extension)``.

    Resolve names a format by its id, which is its extension: ``GetRenderFormats`` maps the Deliver
    page's names ("QuickTime") onto ids ("mov"), and the current-format getter, the setter and
    ``GetRenderCodecs`` speak ids. A request may give either; a read-back given as a name is taken too.
    """
    if request.preset and not project.LoadRenderPreset(request.preset):
        presets = project.GetRenderPresetList() or []
        raise InvalidInput(f"Resolve has no render preset {request.preset!r}; it has {list(presets)}")
    formats = dict(project.GetRenderFormats() or {})  # name → id
    current = project.GetCurrentRenderFormatAndCodec() or {}
    wanted = request.format or current.get("format")
    fmt = _format_id(formats, wanted)
    if fmt is None:
        raise InvalidInput(f"Resolve cannot render the format {wanted!r}; it offers "
                           f"{sorted(f'{name} ({ext})' for name, ext in formats.items())}")
    name = next(n for n, ext in formats.items() if ext == fmt)
    codecs = project.GetRenderCodecs(fmt) or project.GetRenderCodecs(name) or {}  # description → codec id
    wanted_codec = request.codec or (current.get("codec") if _format_id(formats, current.get("format")) == fmt
                                     else None) or next(iter(codecs.values()), None)
    codec = next((c for desc, c in codecs.items() if str(wanted_codec).lower() in (desc.lower(), c.lower())), None)
    if codec is None:
        raise InvalidInput(f"{name} ({fmt}) has no codec {wanted_codec!r}; it offers {sorted(codecs)}")
    project.SetCurrentRenderFormatAndCodec(fmt, codec)
    now = project.GetCurrentRenderFormatAndCodec() or {}
    if (_format_id(formats, now.get("format")), now.get("codec")) != (fmt, codec):
        raise RenderFailed(f"Resolve did not switch the render to {name} ({fmt}) / {codec} (it is at {now}); is "
                           "the Deliver page busy? Try again when no render runs")
    return fmt, codec, fmt


def _format_id(formats: dict[str, str], given: Any) -> str | None:
    """The format id (``"mov"``) for a format given by id or by name, any case; None when Resolve has none."""
    if not given:
        return None
    text = str(given).lower().lstrip(".")
    return next((ext for name, ext in formats.items() if text in (ext.lower(), name.lower())), None)


def _add_job(project: Project, request: RenderRequest, first: int, last: int) -> str:
    before = {job.get("JobId") for job in project.GetRenderJobList() or []}
    job = project.AddRenderJob()
    if not job:  # some builds answer empty: the listing tells
        added = [j.get("JobId") for j in project.GetRenderJobList() or [] if j.get("JobId") not in before]
        job = str(added[0]) if added else ""
    if not job:
        raise RenderFailed(f"Resolve refused to queue the render job of frames {first}-{last}: is there media "
                           "in that range of the timeline, and is the render target folder writable?")
    listing = _listing(project, job)
    if Path(str(listing.get("TargetDir", ""))) != request.target_dir or \
            (int(listing.get("MarkIn", first)), int(listing.get("MarkOut", last))) != (first, last):
        project.DeleteRenderJob(job)
        raise RenderFailed(f"Resolve did not take the render settings (the queued job renders {listing}); "
                           "check the Deliver page, then retry")
    return job


def _listing(project: Project, job: str) -> dict[str, Any]:
    return next((dict(j) for j in project.GetRenderJobList() or [] if j.get("JobId") == job), {})


def _wait(host: ResolveHost, project: Project, job: str, request: RenderRequest,
          progress: Callable[[int], None] | None, cancelled: Callable[[], bool]) -> dict[str, Any]:
    deadline = host.clock() + request.timeout
    while True:
        status: dict[str, Any] = dict(project.GetRenderJobStatus(job) or {})
        state = status.get("JobStatus", "")
        percent = int(status.get("CompletionPercentage") or 0)
        if progress:
            progress(percent)
        if state in FAILED:
            raise RenderFailed(f"the render of {request.name!r} ended {state.lower()}"
                               + (f": {status['Error']}" if status.get("Error") else "")
                               + "; see the Deliver page's render queue, fix it and publish again",
                               detail={"job": job, "status": status})
        if state == DONE or (percent >= 100 and not project.IsRenderingInProgress()):
            return status
        if cancelled():
            project.StopRendering()
            raise RenderFailed(f"the render of {request.name!r} was cancelled; nothing was published")
        if host.clock() >= deadline:
            project.StopRendering()
            raise RenderTimedOut(f"the render of {request.name!r} did not finish within {request.timeout:g} s "
                                 f"({percent}% done); it was stopped. Render a shorter range or raise the timeout",
                                 detail={"job": job, "status": status})
        host.sleep(request.poll)


def _outputs(target: Path, output_name: str, ext: str) -> list[Path]:
    """The movie, or every frame of the sequence, the job wrote (named as the queue listing says)."""
    parts = split_frame(output_name) if ext in IMAGE else None
    if parts is None:
        single = target / output_name
        found = [single] if output_name and single.is_file() else sorted(target.glob(f"*.{ext}"))
    else:
        stem = parts[0]
        found = sorted(p for p in target.glob(f"{stem}*.{parts[3]}") if (s := split_frame(p.name)) and s[0] == stem)
    if not found:
        raise RenderFailed(f"the render said it finished but wrote nothing to {target}; check the disk and the "
                           "Deliver page")
    return found
