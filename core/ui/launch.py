"""Open a window standalone on the reference host, to try the pipeline without an application.

    $ python -m brickyard.core.ui loader --scene shot.json
    $ brickyard ui inventory --scene shot.json          # the same, through the CLI

The scene is a JSON file (``brickyard.core.reference_host``); a missing one is created for
``--project`` (or for your only project). The server and token come from ``--url`` / ``--token``,
then ``BRICKYARD_URL`` / ``BRICKYARD_TOKEN``, then ``brickyard login``'s config file.
``--screenshot FILE`` saves the window once it has everything from the server, then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import BrickyardError, InvalidInput
from . import WINDOWS

DEFAULT_SCENE = "brickyard-scene.json"
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brickyard ui", description="Open a Brickyard window on a JSON scene "
                                     "(the reference host), to try the pipeline without an application.")
    parser.add_argument("window", choices=WINDOWS, help="which window to open")
    parser.add_argument("--scene", default=DEFAULT_SCENE,
                        help=f"the scene file (default: ./{DEFAULT_SCENE}; created when missing)")
    parser.add_argument("--project", help="the project of a new scene (default: your only project)")
    parser.add_argument("--folder", default="", help="the folder of a new scene's work (e.g. shots)")
    parser.add_argument("--asset", default="", help="the asset a new scene works on (e.g. sh010)")
    parser.add_argument("--url", help="server URL (default: $BRICKYARD_URL or the user config)")
    parser.add_argument("--token", help="access token (default: $BRICKYARD_TOKEN or the user config)")
    parser.add_argument("--screenshot", metavar="FILE", help="save the window as a PNG once loaded, then exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``brickyard ui WINDOW [--scene FILE] …``; the exit status (0 when the window closed normally)."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except BrickyardError as exc:
        print(f"brickyard ui: {exc.message}", file=sys.stderr)
        return EXIT_FAILURE
    except ImportError as exc:
        print(f"brickyard ui: the windows need Qt ({exc.name or exc} is missing); "
              "install them with: pip install 'brickyard[qt]'", file=sys.stderr)
        return EXIT_FAILURE
    except (OSError, ValueError) as exc:
        print(f"brickyard ui: {exc}", file=sys.stderr)
        return EXIT_FAILURE


def check_display(environ=os.environ, platform: str = sys.platform) -> None:
    """Refuse early, with the fix, where Qt would abort (exit 134) for want of a display."""
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or (qpa and not qpa.startswith(("xcb", "wayland"))):
        return
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        raise InvalidInput("there is no display to open a window on (DISPLAY is not set); for --screenshot "
                           "on a machine without one, run with QT_QPA_PLATFORM=offscreen")


def _run(args: argparse.Namespace) -> int:
    from ..client import Client

    check_display()  # before the scene file is written
    client = Client(url=args.url, token=args.token)
    try:
        host = _open_scene(client, args)
        from qtpy import QtCore

        from .app import open_window, qt_application

        app = qt_application()
        app.setQuitOnLastWindowClosed(True)
        window = open_window(args.window, host, client=client, loaders=_loaders(args.window))
        if args.screenshot:
            _screenshot_when_idle(window, Path(args.screenshot), QtCore)
        status = app.exec()
        window.close()
        return int(status)
    finally:
        client.close()


def _open_scene(client, args: argparse.Namespace):
    from ..reference_host import ReferenceHost

    path = Path(args.scene)
    if path.exists():
        return ReferenceHost(path)
    project = args.project or _only_project(client)
    host = ReferenceHost(path, project=project, folder=args.folder, asset=args.asset)
    print(f"created scene {path} for project {project}", file=sys.stderr)
    return host


def _only_project(client) -> str:
    codes = [p.code for p in client.projects()]
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise InvalidInput("you are a member of no project yet; ask a project admin to add you")
    raise InvalidInput(f"a new scene needs a project: pass --project, one of {', '.join(codes)}")


def _loaders(window: str):
    if window == "publisher":
        return None
    from ..reference_host import reference_loaders

    return reference_loaders()


def _screenshot_when_idle(window, path: Path, QtCore) -> None:
    """Save ``window`` once every job it started was delivered, then quit (status 1 if it showed an error)."""
    timer = QtCore.QTimer(window, interval=100)

    def check() -> None:
        if window.jobs.pending() or getattr(window, "thumbnails", None) and window.thumbnails.pending():
            return
        timer.stop()
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
        failed = bool(window.status_line.error_text)
        if failed:
            print(f"brickyard ui: {window.status_line.error_text}", file=sys.stderr)
        QtCore.QCoreApplication.exit(EXIT_FAILURE if failed else 0)

    timer.timeout.connect(check)
    timer.start()
