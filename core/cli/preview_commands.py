"""``brickyard previews REFERENCE [--json] [--wait] [--to DIR]``, ``brickyard previews regenerate
REFERENCE`` (project admins) and ``brickyard worker`` (makes them; needs the server extra)."""

from __future__ import annotations

import argparse
import mimetypes
import os
import time
from pathlib import Path

from ..errors import BrickyardError, InvalidInput
from ..models import VersionPreviews
from .connect import client_from
from .output import print_json, print_table

API_PREFIX = "/api/v1"
POLL_SECONDS = 1.0


def register(commands) -> None:
    previews = commands.add_parser("previews", help="a version's review media (thumbnails, proxies)",
                                   description="Show, wait for or download a version's review media; "
                                               "`previews regenerate REFERENCE` makes them again (project admins).")
    previews.add_argument("words", nargs="+", metavar="REFERENCE", help="REFERENCE, or: regenerate REFERENCE")
    previews.add_argument("--json", action="store_true", help="print the previews as JSON")
    previews.add_argument("--wait", action="store_true", help="wait until none is pending or running")
    previews.add_argument("--timeout", type=float, default=600.0, help="seconds --wait waits (default 600)")
    previews.add_argument("--to", type=Path, metavar="DIR", help="download the ready files into DIR")
    previews.set_defaults(run=run_previews)
    worker = commands.add_parser("worker", help="make review media from the shared database (server extra)")
    worker.add_argument("--data", help="the server's data folder (its blob store)")
    worker.add_argument("--database-url", help="the server's database, e.g. postgresql://user@host/db")
    worker.add_argument("--concurrency", type=int, help="jobs at once (default 1)")
    worker.add_argument("--until-idle", action="store_true", help="stop once no job is waiting")
    worker.set_defaults(run=run_worker)


def run_previews(args: argparse.Namespace) -> int:
    words = args.words
    regenerate = words[0] == "regenerate"
    if regenerate:
        words = words[1:]
    if len(words) != 1:
        raise InvalidInput("give one REFERENCE: brickyard previews [regenerate] brickyard://PROJECT/ASSET?version=N")
    with client_from(args) as client:
        answer = client.regenerate_previews(words[0]) if regenerate else client.previews(words[0])
        if args.wait:
            answer = _wait(client, words[0], answer, args.timeout)
        saved = _download(client, answer, args.to) if args.to else []
    if args.json:
        print_json(answer)
    else:
        _print(answer)
        for path in saved:
            print(f"saved {path}")
    failed = [r for r in answer.representations if r.state.value == "failed"]
    if args.wait and failed:
        raise BrickyardError(f"{len(failed)} preview(s) failed: " + "; ".join(
            f"{r.representation}: {r.error}" for r in failed), code="preview_failed")
    return 0


def _busy(answer: VersionPreviews) -> bool:
    return any(r.state.value in ("pending", "running") for r in answer.representations)


def _wait(client, reference: str, answer: VersionPreviews, timeout: float) -> VersionPreviews:
    deadline = time.monotonic() + timeout
    while _busy(answer):
        if time.monotonic() > deadline:
            raise BrickyardError(f"the previews of {answer.reference} are still being made after {timeout:.0f} s; "
                                 "is a worker running (brickyard serve, or brickyard worker)?", code="timeout")
        time.sleep(POLL_SECONDS)
        answer = client.previews(reference)
    return answer


def _download(client, answer: VersionPreviews, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for rep in answer.representations:
        for file in rep.files:
            suffix = mimetypes.guess_extension(file.media_type) or ".bin"
            target = folder / f"{rep.representation}_{file.role}{'.m4a' if file.media_type == 'audio/mp4' else suffix}"
            partial = target.with_name(target.name + ".part")
            response = client._api.request("GET", file.url.removeprefix(API_PREFIX), stream=True)
            with response, open(partial, "wb") as out:
                for chunk in response.iter_content(1024 * 1024):
                    out.write(chunk)
            os.replace(partial, target)
            saved.append(target)
    return saved


def _print(answer: VersionPreviews) -> None:
    print(f"{answer.reference} (version id {answer.version_id})")
    rows = []
    for rep in answer.representations:
        if not rep.files:
            rows.append([rep.representation, rep.kind, rep.state, None, None, None, None, rep.error])
        for file in rep.files:
            size = f"{file.width}x{file.height}" if file.width else None
            timing = f"{file.duration:.2f}s@{file.fps:g}" if file.duration and file.fps else (
                f"{file.duration:.2f}s" if file.duration else None)
            rows.append([rep.representation, rep.kind, rep.state, file.role, file.media_type, size, timing, None])
    print_table(["representation", "kind", "state", "role", "media", "size", "duration", "error"], rows)


def run_worker(args: argparse.Namespace) -> int:
    try:  # the worker is part of the server extra
        from brickyard.server.jobs.worker import main
    except ImportError as exc:
        raise InvalidInput(f"the worker is not installed ({exc.name} is missing); "
                           "install it with: pip install 'brickyard[server]'") from None
    argv: list[str] = []
    for flag in ("data", "database_url", "concurrency"):
        value = getattr(args, flag)
        if value is not None:
            argv += [f"--{flag.replace('_', '-')}", str(value)]
    if args.until_idle:
        argv.append("--until-idle")
    return main(argv)
