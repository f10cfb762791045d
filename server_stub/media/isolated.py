"""Run one derivation in a child process: a wall-clock time-out, a memory limit and a crash there
(a decoder bug, a decompression bomb) end the job with a reason instead of hurting the server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import MediaError
from .limits import MediaLimits
from .outputs import Output

PARENT = "BRICKYARD_PREVIEW_PARENT"  # the server's pid: the child ends itself when the server is gone


def run(kind: str, files: list[Path], out: Path, limits: MediaLimits, fps: float, nice: int = 0,
        report: dict | None = None) -> list[Output]:
    """The outputs made in ``out``; ``report`` (when given) receives the child's ``peak_rss_mib`` and the
    ``nice`` value it started at."""
    job = {"kind": kind, "files": [str(f) for f in files], "out": str(out), "fps": fps,
           "limits": limits.to_dict()}
    # Few malloc arenas: a threaded decoder otherwise reserves address space the memory limit counts.
    env = {**os.environ, "MALLOC_ARENA_MAX": "2", PARENT: str(os.getpid())}
    try:
        done = subprocess.run([*_lowered(nice), sys.executable, "-m", "brickyard.server.media.derive"],
                              input=json.dumps(job), capture_output=True, text=True,
                              timeout=limits.timeout_seconds, env=env)
    except subprocess.TimeoutExpired:
        raise MediaError(f"making the preview took longer than {limits.timeout_seconds:.0f} s and was stopped",
                         retry=True) from None
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        reason = _last_line(done.stderr) or f"exit status {done.returncode}"
        if done.returncode < 0 or "MemoryError" in done.stderr or "bad_alloc" in done.stderr:
            raise MediaError(f"the decoder ran out of its {limits.memory_bytes >> 20} MiB or crashed "
                             f"({reason})", retry=False)
        raise MediaError(f"the preview process failed: {reason}", retry=True)
    answer = json.loads(lines[-1])
    if report is not None:
        report["peak_rss_mib"], report["nice"] = answer.get("peak_rss_mib"), answer.get("nice")
    if "error" in answer:
        raise MediaError(answer["error"], retry=answer.get("retry", False))
    return [Output(**o) for o in answer["outputs"]]


def _lowered(nice: int) -> list[str]:
    """The child's priority lowered before Python starts there (its start-up and imports are most of a small
    image's job: lowered only after them, a burst of previews takes CPU at full priority from the publishes
    beside it) — by ``nice``, not by a function run between fork and exec: without one, the child is spawned
    without copying the server's memory map (vfork), which a busy server otherwise pays on every preview."""
    command = shutil.which("nice") if nice else None
    return [command, "-n", str(nice)] if command else []


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""
