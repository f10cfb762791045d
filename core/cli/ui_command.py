"""``brickyard ui loader|publisher|inventory``: a window on the reference host (see ``brickyard.core.ui.launch``)."""

from __future__ import annotations

import argparse

from ..ui import WINDOWS  # the names only: importing the package does not import Qt


def register(commands: argparse._SubParsersAction) -> None:
    ui = commands.add_parser(
        "ui", help="open the Loader, Publisher or Inventory window on a JSON scene (needs brickyard[qt])",
        description="Open a Brickyard window on a JSON scene (the reference host); what follows WINDOW goes "
                    "to the window launcher (`brickyard ui loader --help` lists it).")
    ui.add_argument("window", metavar="WINDOW", choices=WINDOWS,
                    help="loader, publisher or inventory")
    ui.add_argument("options", nargs=argparse.REMAINDER, help="--scene FILE, --project CODE, …")
    ui.set_defaults(run=run_ui)


def run_ui(args: argparse.Namespace) -> int:
    from ..ui.launch import main  # Qt is an extra: import it only when a window is asked for

    argv = [args.window, *args.options]
    for flag in ("url", "token"):
        if getattr(args, flag) and f"--{flag}" not in args.options:
            argv += [f"--{flag}", getattr(args, flag)]
    return main(argv)
