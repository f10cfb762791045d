"""``brickyard demo``: the main job on the embedded default, narrated.

Starts the server on SQLite and local blob storage in a data folder, then walks through
project → publish → approve → resolve → download; then each application installed here does its own
part in its own process (a headless Blender publishes, loads and switches); then it keeps serving until
interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..client import Client
from ..errors import Conflict, InvalidInput
from ..reference import Reference
from .demo_clip import write_avi
from .demo_files import make_samples
from .host_commands import run_host_demos

PROJECT = "demo"


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="start the embedded server and walk through a publish")
    demo.add_argument("--data", default="brickyard-data", help="data folder (default ./brickyard-data)")
    demo.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765; a free one if taken)")
    demo.add_argument("--no-serve", action="store_true", help="stop the server after the walkthrough")
    demo.add_argument("--no-hosts", action="store_true",
                      help="skip the applications' parts (the headless Blender publish, load and switch)")
    demo.set_defaults(run=run_demo)


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, port: int) -> tuple[subprocess.Popen, str]:
    if not _port_free(port):
        chosen = _free_port()
        say(f"port {port} is taken; using {chosen} instead")
        port = chosen
    url = f"http://127.0.0.1:{port}"
    say(f"starting the server on SQLite + local blob storage in {data.resolve()}")
    data.mkdir(parents=True, exist_ok=True)
    log_path = data / "server.log"
    say(f"the server's own log goes to {log_path}")
    with open(log_path, "ab") as log:  # the child keeps its own handle
        server = subprocess.Popen([sys.executable, "-m", "brickyard.server", "--data", str(data),
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    with Client(url=url, token="-", retries=0, timeout=2) as probe:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
                raise InvalidInput(f"the server exited with code {server.returncode}: {tail[0]} "
                                   f"(whole log: {log_path})")
            try:
                probe.health()
                return server, url
            except Exception:  # not up yet
                time.sleep(0.1)
    server.terminate()
    raise InvalidInput(f"the server did not answer on {url} within 60 s")


def user_token(admin: Client, name: str) -> str:
    try:
        return admin.create_user(name).token
    except Conflict:  # a second run: the user exists, give them a fresh token
        return admin.create_token(name).token


def walkthrough(url: str, data: Path) -> dict[str, str]:
    """The walk through on the client alone; the users' tokens, for the applications' parts."""
    admin_token = (data / "admin-token").read_text().strip()
    with Client(url=url, token=admin_token) as admin:
        say(f"signed in as {admin.whoami().name} with the token in {data / 'admin-token'}")
        try:
            admin.create_project(PROJECT, "Demo film")
            say(f"created project '{PROJECT}'")
        except Conflict:
            say(f"project '{PROJECT}' exists already (a second run): publishing new versions")
        tokens = {name: user_token(admin, name) for name in ("ana", "sam")}
        admin.add_member(PROJECT, "ana", "artist")
        admin.add_member(PROJECT, "sam", "supervisor")
        say("ana joins as artist, sam as supervisor")

    lut, frames = make_samples(data / "demo-source")
    with Client(url=url, token=tokens["ana"], library=data / "library") as ana:
        grade = ana.publish(PROJECT, "warm_grade", "lut", [lut], folder="looks", status="review",
                            comment="first pass at the warm look", tags=["grade"])
        say(f"ana published {grade.reference} ({lut.name}) for review")
        turntable = ana.publish(PROJECT, "hero_turntable", "render", frames, folder="characters/hero",
                                comment="turntable", metadata={"fps": 24})
        rep = turntable.representations[0]
        say(f"ana published {turntable.reference}: a {len(rep.files)}-frame sequence "
            f"{rep.frame_start}-{rep.frame_end}")
        uploaded: list[int] = [0]

        def count_upload(event) -> None:
            if event.phase == "upload":
                uploaded[0] = event.done

        again = ana.publish(PROJECT, "hero_turntable", "render", frames, folder="characters/hero",
                            comment="same frames, re-published", progress=count_upload)
        say(f"ana re-published the same frames as v{again.number}: {uploaded[0]} bytes uploaded "
            "(the server had every blob already)")
        clip = ana.publish(PROJECT, "hero_spin", "video", [write_avi(data / "demo-source" / "hero_spin.avi")],
                           folder="characters/hero", comment="a short clip", status="review")
        say(f"ana published {clip.reference}, a 2-second clip")
        show_previews(ana, [turntable.reference, again.reference, clip.reference])

    with Client(url=url, token=tokens["sam"], library=data / "library") as sam:
        approved = sam.set_status(grade.reference, "approved", comment="looks good")
        say(f"sam approved {approved.reference}")
        refs = [str(Reference.parse(grade.reference).with_version("approved")),
                str(Reference.parse(turntable.reference).with_version("latest"))]
        for item in sam.resolve(refs):
            say(f"resolved {item.reference} -> v{item.version.number} ({item.version.status.value}); "
                f"latest v{item.latest}, latest approved "
                f"{f'v{item.latest_approved}' if item.latest_approved else 'none yet'}")
        paths = sam.download(refs[0])
        say(f"downloaded the approved LUT into the library: {', '.join(str(p) for p in paths)}")
    return tokens


def _write_token(path: Path, token: str) -> Path:
    """A token in a file only its owner reads: printed paths, never printed tokens."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(token + "\n")
    return path


def show_previews(client: Client, references: list[str], timeout: float = 120.0) -> None:
    """Wait for the server's background workers to make the versions' review media, and say what came."""
    deadline = time.monotonic() + timeout
    for reference in references:
        while True:
            answer = client.previews(reference)
            states = {r.state.value for r in answer.representations}
            if not states & {"pending", "running"} or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        for rep in answer.representations:
            made = ", ".join(f"{f.role} {f.width}x{f.height}" if f.width else f.role for f in rep.files)
            say(f"previews of {reference} ({rep.representation}): {rep.state.value}"
                + (f" — {made}" if made else "") + (f" — {rep.error}" if rep.error else ""))


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through run_demo's finally, which stops the server


def run_demo(args: argparse.Namespace) -> int:
    data = Path(args.data)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server, url = start_server(data, args.port)
    try:
        tokens = walkthrough(url, data)
        for name, role in (("ana", "artist"), ("sam", "supervisor")):
            say(f"{name} ({role}) signs in with: echo {tokens[name]} | brickyard login {url}")
        hosts_ok = args.no_hosts or run_host_demos(url, tokens["ana"], PROJECT, data / "hosts", say)
        if args.no_serve:
            return 0 if hosts_ok else 1
        say(f"serving at {url} (API docs at {url}/docs); admin token in {data / 'admin-token'}")
        say("try: BRICKYARD_URL=%s BRICKYARD_TOKEN=$(cat %s) brickyard ls --project demo"
            % (url, data / "admin-token"))
        reviewer = _write_token(data / "sam-token", tokens["sam"])
        say(f"review in a browser as sam (supervisor): sign in with the token in {reviewer}")
        say("press Ctrl-C to stop")
        say(f"open {url}/p/{PROJECT}")
        try:
            server.wait()
        except KeyboardInterrupt:
            say("stopping the server")
            return 0
        return server.returncode or 0
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
