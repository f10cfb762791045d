"""Commands the host packages bring to ``brickyard``: ``brickyard install APP …`` and the host parts of the demo.

The core knows no host. Each host names its commands as entry points in pyproject.toml — group
``brickyard.install`` (a ``main(argv) -> int``) and ``brickyard.demo`` (a module run as ``python -m``) —
and this module finds them by name, so the arrow stays hosts → core.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from ..errors import InvalidInput

INSTALL_GROUP = "brickyard.install"
DEMO_GROUP = "brickyard.demo"
SKIPPED = 3  # a host demo's exit code when its application is not installed here
DEMO_TIMEOUT = 600


def _group(name: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=name)}


def register(commands: argparse._SubParsersAction) -> None:
    install = commands.add_parser(
        "install", help="install Brickyard into an application (resolve, unreal, blender)",
        description="Install Brickyard into an application; what follows APP goes to its installer "
                    "(`brickyard install APP --help` lists it).")
    install.add_argument("app", metavar="APP", help="resolve, unreal or blender")
    install.add_argument("options", nargs=argparse.REMAINDER, help="the installer's own options")
    install.set_defaults(run=run_install)


def run_install(args: argparse.Namespace) -> int:
    installers = _group(INSTALL_GROUP)
    entry = installers.get(args.app)
    if entry is None:
        known = ", ".join(sorted(installers)) or "none (is Brickyard installed with pip?)"
        raise InvalidInput(f"no installer for '{args.app}'; choose one of: {known}")
    installer: Callable[[list[str]], int] = entry.load()
    return int(installer(list(args.options)) or 0)


def run_host_demos(url: str, token: str, project: str, workdir: Path,
                   say: Callable[[str], None]) -> bool:
    """Run each host's demo in its own process, narrating its lines; False if one failed."""
    ok = True
    for name, entry in sorted(_group(DEMO_GROUP).items()):
        say(f"{name.title()}: starting a headless {name.title()} in its own process")
        command = [sys.executable, "-m", entry.module, "--url", url, "--token", token, "--project", project,
                   "--workdir", str(workdir / name)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=DEMO_TIMEOUT)
        except subprocess.TimeoutExpired:
            say(f"{name.title()}: gave no answer within {DEMO_TIMEOUT} s; stopped it")
            ok = False
            continue
        if done.returncode == SKIPPED:
            say(f"{name.title()}: {done.stdout.strip() or 'skipped'}")
            continue
        for line in done.stdout.splitlines():
            if line.strip():
                say(line)
        if done.returncode != 0:
            ok = False
            reason = _error_line(done.stderr) or f"exit code {done.returncode}"
            say(f"{name.title()}: failed — {reason}")
    return ok


def _error_line(stderr: str) -> str:
    """The host's own one-line error; the application's start-up chatter (EGL, audio…) is left out."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    flagged = [line.removeprefix("error:").strip() for line in lines if line.startswith("error:")]
    return flagged[-1] if flagged else (lines[-1] if lines else "")
