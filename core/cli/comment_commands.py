"""Review-thread commands: ``comments`` (read a version's thread) and ``comment`` (add, or edit your own)."""

from __future__ import annotations

import argparse

from ..errors import InvalidInput
from . import references
from .connect import client_from
from .output import print_json, print_listing

HEADERS = ["id", "author", "when", "status", "frame", "text"]


def register(commands: argparse._SubParsersAction) -> None:
    thread = commands.add_parser("comments", help="show a version's review thread",
                                 description="Show a version's review thread, oldest first (edited comments "
                                             "say so; --json holds the texts edits replaced).")
    thread.add_argument("reference", metavar="REFERENCE", help=references.SHORT_HELP + "; without ?version=, "
                        "the latest")
    thread.add_argument("--json", action="store_true", help="print the comments, with their edit history, as JSON")
    thread.set_defaults(run=run_comments)

    comment = commands.add_parser(
        "comment", help="comment on a version, or edit your own comment",
        description="Add a comment to a version's review thread: brickyard comment REFERENCE \"text\". "
                    "Edit one of yours with brickyard comment --edit ID \"new text\" (the old text is kept "
                    "in its history).")
    comment.add_argument("reference", metavar="REFERENCE", nargs="?",
                         help=references.SHORT_HELP + "; without ?version=, the latest (leave out with --edit)")
    comment.add_argument("text", metavar="TEXT", help="what to say (quote it)")
    comment.add_argument("--edit", type=int, metavar="ID",
                         help="replace the text of your comment ID (as `brickyard comments` lists it) instead")
    comment.add_argument("--frame", metavar="N|FIRST-LAST",
                         help="pin the comment to a frame of the version's media, or a range, e.g. --frame 12 or "
                              "--frame 10-20 (the web player's frame numbers; clicking the comment seeks there)")
    comment.add_argument("--json", action="store_true", help="print the comment as JSON")
    comment.set_defaults(run=run_comment)


def run_comments(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        with references.suggesting(client, args.reference):
            thread = client.comments(references.parse(args.reference))
    if not thread and not args.json:
        print("no comments yet")
        return 0
    print_listing(thread, args.json, HEADERS, lambda c: (
        c.id, c.author, c.created_at.strftime("%Y-%m-%d %H:%M"), c.status,
        None if c.frame is None else f"{c.frame}-{c.frame_end}" if c.frame_end is not None else c.frame,
        c.text + (" (edited)" if c.edited_at else "")))
    return 0


def run_comment(args: argparse.Namespace) -> int:
    if args.edit is not None and args.reference is not None:
        raise InvalidInput("--edit takes the comment ID and the new text only, e.g. "
                           "brickyard comment --edit 42 \"new text\" (drop the REFERENCE)")
    if args.edit is None and args.reference is None:
        raise InvalidInput("say which version to comment on, e.g. brickyard comment film/hero \"text\", "
                           "or edit one with --edit ID")
    if not args.text.strip():
        raise InvalidInput("the comment is empty; give the text to post in quotes")
    if args.edit is not None and args.frame:
        raise InvalidInput("--frame pins a new comment; an edit keeps the frame its comment has")
    frame, frame_end = parse_frames(args.frame)
    with client_from(args) as client:
        if args.edit is not None:
            posted = client.edit_comment(args.edit, args.text)
            said = f"comment {posted.id} edited (its history keeps {len(posted.history)} earlier text(s))"
        else:
            with references.suggesting(client, args.reference):
                version = client.version(references.parse(args.reference))
            posted = client.comment(version, args.text, frame=frame, frame_end=frame_end)
            said = f"comment {posted.id} added to {version.reference}"
    if args.json:
        print_json(posted)
    else:
        print(said)
    return 0


def parse_frames(text: str | None) -> tuple[int | None, int | None]:
    """``12`` → (12, None); ``10-20`` → (10, 20); none → (None, None)."""
    if not text:
        return None, None
    first, sep, last = text.strip().partition("-")
    try:
        frame, frame_end = int(first), int(last) if sep else None
    except ValueError:
        raise InvalidInput(f"--frame {text!r} is not a frame number or a range; use e.g. --frame 12 or "
                           "--frame 10-20") from None
    if frame < 0 or (frame_end is not None and frame_end < frame):
        raise InvalidInput(f"--frame {text!r}: frames count from 0, and a range's last frame comes after its first")
    return frame, frame_end
