"""Link the Resolve project that is open now to a Brickyard project (and the folder/asset it works on).

    python -m brickyard.hosts.resolve.link film --folder edits --asset sh010_edit

Publishing from a Resolve project needs this once; the link is kept for the next session.
"""

from __future__ import annotations

import argparse
import sys

from brickyard.core.errors import BrickyardError

from .adapter import ResolveHost
from .connection import connect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brickyard.hosts.resolve.link", description=__doc__.split("\n")[0])
    parser.add_argument("project", help="the Brickyard project's code, e.g. film")
    parser.add_argument("--folder", default="", help="the folder new publishes go to, e.g. edits")
    parser.add_argument("--asset", default="", help="the asset new publishes default to, e.g. sh010_edit")
    parser.add_argument("--state-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        host = ResolveHost(connect(), state_dir=args.state_dir)
        context = host.set_context(args.project, args.folder, args.asset)
    except BrickyardError as exc:
        print(f"brickyard: {exc.message}", file=sys.stderr)
        return 2
    where = "/".join(p for p in (context.project, context.folder, context.asset) if p)
    print(f"linked the Resolve project {host.project().GetName()!r} to {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
