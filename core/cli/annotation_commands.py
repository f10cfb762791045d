"""``brickyard annotations REFERENCE [--to DIR]``: a version's drawings, and their flattened pictures saved."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InvalidInput
from . import references
from .connect import client_from
from .output import print_listing

HEADERS = ["id", "author", "frame", "shapes", "revision", "text"]


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser(
        "annotations", help="list a version's drawings, and save their pictures with --to",
        description="List the drawings on a version's frames, oldest first. With --to DIR, also save each "
                    "drawing flattened over its frame (the server's 512 px thumbnail) as "
                    "DIR/annotation-ID-frame-N.png.")
    listing.add_argument("reference", metavar="REFERENCE", help=references.SHORT_HELP + "; without ?version=, "
                         "the latest")
    listing.add_argument("--to", metavar="DIR", type=Path, help="a folder to save the flattened PNGs in (made if "
                         "missing)")
    listing.add_argument("--json", action="store_true", help="print the drawings (with their shapes) as JSON")
    listing.set_defaults(run=run_annotations)


def run_annotations(args: argparse.Namespace) -> int:
    if args.to is not None and args.to.exists() and not args.to.is_dir():
        raise InvalidInput(f"--to {args.to} is a file; give a folder to save the pictures in")
    with client_from(args) as client:
        with references.suggesting(client, args.reference):
            drawings = client.annotations(references.parse(args.reference))
        saved = []
        if args.to is not None:
            args.to.mkdir(parents=True, exist_ok=True)
            for drawing in drawings:  # one request each, written whole (a temporary name, then renamed)
                target = args.to / f"annotation-{drawing.id}-frame-{drawing.frame}.png"
                partial = target.with_suffix(".png.part")
                partial.write_bytes(client.annotation_thumbnail(drawing.id))
                partial.replace(target)
                saved.append(target)
    if not drawings and not args.json:
        print("no drawings on this version")
        return 0
    print_listing(drawings, args.json, HEADERS, lambda d: (
        d.id, d.author, f"{d.frame}-{d.frame_end}" if d.frame_end is not None else d.frame, len(d.shapes),
        d.revision, d.text))
    if saved and not args.json:
        print(f"saved {len(saved)} picture(s) to {args.to}")
    return 0
