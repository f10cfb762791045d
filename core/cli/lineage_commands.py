"""Lineage commands: ``used-by`` (what was made from a version) and ``made-from`` (its inputs)."""

from __future__ import annotations

import argparse

from . import references
from .connect import client_from
from .output import print_listing

HEADERS = ["version", "kind", "status", "link"]


def register(commands: argparse._SubParsersAction) -> None:
    for name, help_text, direction in (
            ("used-by", "list the versions made from a version (declared inputs and matches by content)",
             "used_by"),
            ("made-from", "list the versions a version was made from", "made_from")):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("reference", metavar="REFERENCE", help=references.SHORT_HELP)
        command.add_argument("--json", action="store_true", help="print the links as JSON")
        command.set_defaults(run=run_lineage, direction=direction)


def run_lineage(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        with references.suggesting(client, args.reference):
            lineage = client.lineage(references.parse(args.reference))
    links = getattr(lineage, args.direction)
    if not links and not args.json:
        what = "made from it" if args.direction == "used_by" else "recorded as its inputs"
        print(f"nothing {what}: {lineage.reference}")
        return 0
    print_listing(links, args.json, HEADERS, lambda link: (
        link.reference, link.kind, link.status,
        f"{link.link.value} ({link.evidence})" if link.evidence else link.link.value))
    return 0
