"""What to make from a representation's files, and the child process that makes it.

``python -m brickyard.server.media.derive`` reads a job as JSON on stdin, limits its own memory, makes
the outputs in the folder it names and prints ``{"outputs": [...]}`` or ``{"error": ..., "retry": ...}``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import MediaError
from .isolated import PARENT
from .limits import MediaLimits
from .outputs import Output, save_image
from .stills import fit, open_still

STARTED_AT_NICE = os.nice(0)  # the priority Python started at: the worker lowers it before the exec


def derive(kind: str, files: list[Path], out: Path, limits: MediaLimits, fps: float = 24.0) -> list[Output]:
    out.mkdir(parents=True, exist_ok=True)
    if kind == "image":
        image = open_still(files[0], limits, limits.review_size)
        return [save_image(fit(image, limits.thumbnail_size), out / "thumbnail.jpg", "thumbnail"),
                save_image(fit(image, limits.review_size), out / "review.jpg", "review_image")]
    if kind == "sequence":
        from .sequence import derive_sequence
        return derive_sequence(files, fps, out, limits)
    if kind == "video":
        from .video import derive_video
        return derive_video(files[0], out, limits)
    if kind == "audio":
        from .audio import derive_audio
        return derive_audio(files[0], out, limits)
    raise MediaError(f"no preview for this kind of representation ({kind})")


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _die_with_parent() -> None:
    """Linux: killed when the worker thread that started this process ends (a killed server leaves no orphan
    still encoding the job another worker is about to take) — and gone at once if it already has."""
    expected = os.environ.get(PARENT)
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if expected and os.getppid() != int(expected):
        os._exit(1)


def main() -> int:
    _die_with_parent()
    job = json.load(sys.stdin)
    limits = MediaLimits(**job["limits"])
    try:
        _limit_memory(limits.memory_bytes)
        outputs = derive(job["kind"], [Path(p) for p in job["files"]], Path(job["out"]), limits, job["fps"])
        answer: dict = {"outputs": [o.to_dict() for o in outputs]}
        answer["peak_rss_mib"] = _peak_rss_mib()
        answer["nice"] = STARTED_AT_NICE
    except MediaError as exc:
        answer = {"error": str(exc), "retry": exc.retry}
    except MemoryError:
        answer = {"error": f"the media needs more than the {limits.memory_bytes >> 20} MiB a preview may use",
                  "retry": False}
    print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
