"""Asset commands: publish, ls, versions, status, get, resolve, events."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InvalidInput
from ..frame_sets import describe_frames
from ..key_values import parse_key_value
from ..kinds import default_kinds
from . import references
from .connect import client_from, project_or_only
from .event_lines import describe
from .references import FETCH_RULE, SHORT_HELP
from .output import print_json, print_listing
from .progress_bar import ProgressBar

STATUSES = ["wip", "review", "approved", "rejected", "deprecated"]
SORTS = [prefix + key for key in ("path", "name", "kind", "published", "updated") for prefix in ("", "-")]


def register(commands: argparse._SubParsersAction) -> None:
    kinds = ", ".join(k.name for k in default_kinds())
    publish = commands.add_parser(
        "publish", help="publish files as a new version of an asset",
        description="Publish files as a new version of an asset. Files are grouped into representations by "
                    "extension; numbered files of one extension become a frame sequence.",
        epilog=f"kinds every project starts with: {kinds} (a project may add its own)")
    publish.add_argument("files", nargs="+", metavar="FILE", help="files or folders to publish")
    publish.add_argument("--project", help="project code (default: your only project)")
    publish.add_argument("--asset", required=True, help="asset name, e.g. hero_rig (the project's naming rule applies)")
    publish.add_argument("--kind", required=True,
                         help="what the asset is: image, model, lut, lora … (see below), or 'auto' to take the kind "
                              "the file's content suggests (LoRA, ControlNet, embedding, checkpoint, image, workflow, "
                              "prompt)")
    publish.add_argument("--folder", default="", help="folder path, e.g. characters/hero (default: the project root)")
    publish.add_argument("--comment", default="", help="what changed in this version")
    publish.add_argument("--status", default="wip", choices=["wip", "review"],
                         help="wip (default) or review (asks a supervisor to look)")
    publish.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG",
                         help="a tag for the asset (repeat for more)")
    publish.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                         help="version metadata, e.g. --meta base_model=sdxl --meta fps=24 (JSON values keep "
                              "their type; repeat for more)")
    publish.add_argument("--input", action="append", default=[], dest="inputs", metavar="REFERENCE",
                         help="a version this one was made from (lineage; repeat for more)")
    publish.add_argument("--thumbnail", metavar="IMAGE", help="an image to show for this version")
    publish.add_argument("--frames", metavar="SET",
                         help="the exact frames a sequence holds, gaps allowed: e.g. 1-10,12,15-20 (without it a "
                              "gap is refused as a missing frame)")
    publish.add_argument("--no-sequence", dest="sequences", action="store_false",
                         help="keep numbered files as plain files, not a frame sequence")
    publish.add_argument("--representation", metavar="NAME",
                         help="publish all FILEs as one representation with this name (default: one per extension)")
    publish.add_argument("--json", action="store_true", help="print the new version as JSON")
    publish.set_defaults(run=run_publish)

    ls = commands.add_parser("ls", help="list assets")
    ls.add_argument("--project", help="project code (default: every project you are in)")
    ls.add_argument("--folder", help="only this folder and those below it")
    ls.add_argument("--kind", help="only assets of this kind")
    ls.add_argument("--tag", help="only assets with this tag")
    ls.add_argument("--status", choices=STATUSES, help="status of the latest version")
    ls.add_argument("--search", help="words that must all appear in the name, folder, tags, version comments "
                    "or prompts")
    ls.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                    help="metadata equal to VALUE, e.g. --meta base_model=sdxl (repeat: all must match)")
    ls.add_argument("--sort", choices=SORTS, metavar="ORDER",
                    help="path (folder then name, the default), name, kind, published (newest version's date), "
                         "updated (last publish or status change), within each project; a leading '-' "
                         "reverses (--sort -published), or add --desc")
    ls.add_argument("--desc", action="store_true", help="descending: newest, or Z to A, first")
    ls.add_argument("--json", action="store_true", help="print the assets as JSON")
    ls.set_defaults(run=run_ls)

    versions = commands.add_parser("versions", help="list the versions of an asset")
    versions.add_argument("reference", metavar="REFERENCE", help=SHORT_HELP)
    versions.add_argument("--json", action="store_true", help="print the versions as JSON")
    versions.set_defaults(run=run_versions)

    status = commands.add_parser("status", help="set a version's status (approve, reject, deprecate ...)")
    status.add_argument("reference", metavar="REFERENCE", help=SHORT_HELP + "; without ?version=, the latest")
    status.add_argument("status", choices=STATUSES, help="the new status")
    status.add_argument("--comment", default="", help="why (shown beside the status in versions and the Loader)")
    status.add_argument("--json", action="store_true", help="print the version as JSON")
    status.set_defaults(run=run_status)

    get = commands.add_parser("get", help="download a version's files into the library (or --to DIR)",
                              description=f"Download a version's files. {FETCH_RULE}.")
    get.add_argument("reference", metavar="REFERENCE", help=f"{SHORT_HELP}; {FETCH_RULE}")
    get.add_argument("--to", help="library root to lay the files out under (default: the configured library)")
    get.add_argument("--representation", help="only this representation (default: all of them)")
    get.add_argument("--json", action="store_true", help="print the downloaded paths as JSON")
    get.set_defaults(run=run_get)

    resolve = commands.add_parser("resolve", help="resolve references to concrete versions (one request)")
    resolve.add_argument("references", nargs="+", metavar="REFERENCE", help=SHORT_HELP)
    resolve.add_argument("--json", action="store_true", help="print the answers as JSON")
    resolve.set_defaults(run=run_resolve)

    events = commands.add_parser("events", help="a project's event history (published, status changes)")
    events.add_argument("project", help="project code")
    events.add_argument("--after", type=int, metavar="ID", help="only events after this id")
    events.add_argument("--follow", action="store_true", help="keep printing new events as they happen")
    events.add_argument("--json", action="store_true", help="one JSON object per line instead of readable lines")
    events.set_defaults(run=run_events)


def parse_meta(pairs: list[str]) -> dict:
    """``KEY=VALUE`` pairs; a VALUE that is JSON (number, true, list …) keeps its type."""
    metadata = {}
    for pair in pairs:
        try:
            key, value = parse_key_value(pair)
        except ValueError:
            raise InvalidInput(f"--meta {pair!r} must look like KEY=VALUE, e.g. --meta fps=24") from None
        metadata[key] = value
    return metadata


def run_publish(args: argparse.Namespace) -> int:
    bar = ProgressBar()
    with client_from(args) as client:
        project = project_or_only(client, args.project)
        inputs = [references.canonical(i) for i in args.inputs]
        files = {args.representation: args.files} if args.representation else args.files
        version = client.publish(project, args.asset, args.kind, files, folder=args.folder,
                                 comment=args.comment, status=args.status, tags=args.tags,
                                 metadata=parse_meta(args.meta), inputs=inputs,
                                 thumbnail=args.thumbnail, progress=bar, sequences=args.sequences,
                                 frames=args.frames)
    bar.close()
    for rep in version.representations:  # say what became a sequence, on stderr: stdout stays the reference
        numbers = [f.frame for f in rep.files if f.frame is not None]
        if numbers:
            print(f"{rep.name}: {len(numbers)} frames {describe_frames(numbers, ',')}", file=sys.stderr)
    if args.json:
        print_json(version)
    else:
        print(version.reference)
    return 0


def run_ls(args: argparse.Namespace) -> int:
    meta = {key: value if isinstance(value, str) else json.dumps(value)
            for key, value in parse_meta(args.meta).items()}
    sort = args.sort or ("path" if args.desc else None)
    if sort and args.desc:
        sort = sort[1:] if sort.startswith("-") else "-" + sort
    with client_from(args) as client:
        projects = [args.project] if args.project else [p.code for p in client.projects()]
        assets = [a for code in projects
                  for a in client.assets(code, folder=args.folder, kind=args.kind, tag=args.tag,
                                         status=args.status, search=args.search, meta=meta, sort=sort)]
    print_listing(assets, args.json, ["asset", "kind", "latest", "status", "approved", "published", "tags"],
                  lambda a: (f"{a.project}/{a.folder + '/' if a.folder else ''}{a.name}", a.kind,
                             a.latest_version, a.latest_status, a.latest_approved,
                             a.published_at.strftime("%Y-%m-%d %H:%M") if a.published_at else None, a.tags))
    return 0


def run_versions(args: argparse.Namespace) -> int:
    reference = references.parse(args.reference)
    with client_from(args) as client, references.suggesting(client, args.reference):
        versions = client.versions(reference)
    print_listing(versions, args.json,
                  ["version", "status", "author", "created", "representations", "comment", "status note"],
                  lambda v: (f"v{v.number:03d}", v.status, v.author, v.created_at.strftime("%Y-%m-%d %H:%M"),
                             [r.name for r in v.representations], v.comment, v.status_comment or None))
    return 0


def run_status(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        with references.suggesting(client, args.reference):
            version = client.set_status(references.parse(args.reference), args.status, args.comment)
    if args.json:
        print_json(version)
    else:
        print(f"{version.reference} is now {version.status.value}")
    return 0


def run_get(args: argparse.Namespace) -> int:
    bar = ProgressBar()
    with client_from(args) as client:
        with references.suggesting(client, args.reference):
            reference = references.parse(args.reference, default_version="approved")
            paths = client.download(reference, to=args.to, representation=args.representation, progress=bar)
    bar.close()
    if args.json:
        print_json([str(p) for p in paths])
    else:
        for path in paths:
            print(path)
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    texts = [references.canonical(r) for r in args.references]  # bad input fails before any request
    with client_from(args) as client:
        items = client.resolve(texts)
    if args.json:
        print_json(items)
        return 0 if all(i.error is None for i in items) else 1
    failed = 0
    for item in items:
        if item.error:
            failed += 1
            print(f"{item.reference}  ERROR  {item.error.get('message')}")
            continue
        v = item.version
        files = sum(len(r.files) for r in v.representations)
        latest = f"v{item.latest:03d}" if item.latest else "none (all deprecated)"
        approved = f"v{item.latest_approved:03d}" if item.latest_approved else "none"
        print(f"{item.reference}  ->  v{v.number:03d} ({v.status.value}; latest {latest}, "
              f"latest approved {approved}; {files} file{'s' if files != 1 else ''})")
    return 1 if failed else 0


def run_events(args: argparse.Namespace) -> int:
    def show(event) -> None:
        if args.json:
            print(json.dumps(event.model_dump(mode="json")), flush=True)
        else:
            print(describe(event), flush=True)

    with client_from(args) as client:
        if args.follow:
            for event in client.stream_events(args.project, last_event_id=args.after):
                show(event)
        else:
            for event in client.events(args.project, after=args.after):
                show(event)
    return 0
