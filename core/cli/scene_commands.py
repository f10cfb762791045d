"""``brickyard scene``: try the publish / load / switch pipeline on the reference host, from a shell.

The scene is a JSON file (see ``brickyard.core.reference_host``); each command opens it, acts through
the same controllers the application panels use, and saves it.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from ..controllers.inventory_controller import InventoryController
from ..controllers.loader_controller import LoaderController
from ..errors import InvalidInput
from ..publish.creator import FilesCreator
from ..publish.workfile import publish_workfile
from ..reference_host import ReferenceHost, reference_loaders
from . import references, scene_instances
from .asset_commands import parse_meta
from .connect import client_from
from .logs import log_path
from .output import print_json, print_table
from .progress_bar import ProgressBar


def register(commands: argparse._SubParsersAction) -> None:
    scene = commands.add_parser("scene", help="try the pipeline on a JSON scene (the reference host)")
    actions = scene.add_subparsers(dest="scene_command", metavar="ACTION")
    actions.required = True

    init = actions.add_parser("init", help="create a scene for a project (and the asset it works on)")
    init.add_argument("scene", help="the JSON scene file to create")
    init.add_argument("--project", required=True, help="project code")
    init.add_argument("--folder", default="", help="folder the scene works in (default for what it marks)")
    init.add_argument("--asset", default="", help="asset the scene works on (default for what it marks)")
    init.set_defaults(run=run_init)

    create = actions.add_parser("create", help="mark files to publish (saved in the scene)")
    create.add_argument("scene")
    create.add_argument("files", nargs="+", metavar="FILE")
    create.add_argument("--kind", required=True, help="what the asset is: image, model, lut, lora …")
    create.add_argument("--asset", help="default: the scene's asset")
    create.add_argument("--folder", help="default: the scene's folder")
    create.add_argument("--representation", help="name of the representation (default: by extension)")
    create.add_argument("--comment", default="", help="what changed in this version")
    create.add_argument("--status", default="wip", choices=["wip", "review"], help="wip (default) or review")
    create.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                        help="version metadata (JSON values keep their type; repeat for more)")
    create.set_defaults(run=run_create)

    for name, helptext in (("validate", "validate the scene's instances"),
                           ("publish", "validate, then publish the scene's instances")):
        act = actions.add_parser(name, help=helptext)
        act.add_argument("scene")
        act.add_argument("--json", action="store_true", help="print the whole report as JSON")
        act.set_defaults(run=run_publish, validate_only=name == "validate")

    scene_instances.register(actions, _open)

    load = actions.add_parser("load", help="load a version into the scene")
    load.add_argument("scene")
    load.add_argument("reference", metavar="REFERENCE", help=f"{references.SHORT_HELP}; {references.FETCH_RULE}")
    load.add_argument("--representation", help="default: the version's only representation")
    load.set_defaults(run=run_load)

    inventory = actions.add_parser("inventory", help="what the scene has loaded, and what is outdated")
    inventory.add_argument("scene")
    inventory.add_argument("--json", action="store_true", help="print the containers as JSON")
    inventory.set_defaults(run=run_inventory)

    update = actions.add_parser("update", help="switch containers to another version (default: all outdated)")
    update.add_argument("scene")
    update.add_argument("containers", nargs="*", metavar="CONTAINER")
    update.add_argument("--to", default="latest", help="latest (default), approved, or a version number")
    update.set_defaults(run=run_update)


def _open(path: str) -> ReferenceHost:
    if not Path(path).exists():
        raise InvalidInput(f"no scene at {path}; create one with: brickyard scene init {path} --project CODE")
    return ReferenceHost(path)


def run_init(args: argparse.Namespace) -> int:
    if Path(args.scene).exists():
        raise InvalidInput(f"{args.scene} exists already; choose another path or remove it first")
    ReferenceHost(args.scene, project=args.project, folder=args.folder, asset=args.asset)
    print(f"created scene {args.scene} for project {args.project}")
    return 0


def run_create(args: argparse.Namespace) -> int:
    host = _open(args.scene)
    files = [str(Path(f).resolve()) for f in args.files]
    name = args.representation or Path(files[0]).suffix.lstrip(".").lower() or "files"
    context = host.context()
    existing = scene_instances.same_target(host, context.folder if args.folder is None else args.folder,
                                           context.asset if args.asset is None else args.asset)
    options = dict(kind=args.kind, representations={name: files}, comment=args.comment, status=args.status,
                   metadata=parse_meta(args.meta))
    if existing:  # marking the same asset again replaces what was marked, never adds a second instance
        spec = FilesCreator().update(host, existing.id, **options)
        print(f"updated instance {spec.id}: {len(files)} file(s) to publish as {spec.title} ({spec.kind})")
        return 0
    spec = FilesCreator().create(host, asset=args.asset, folder=args.folder, **options)
    print(f"marked {len(files)} file(s) to publish as {spec.title} ({spec.kind}); instance {spec.id}")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    host = _open(args.scene)
    bar = ProgressBar()
    with client_from(args) as client:
        report = publish_workfile(client, host, validate_only=args.validate_only, progress=bar)
    bar.close()
    if args.json:
        print(report.to_json())
    else:
        for result in report.results:
            where = f" [{result.instance_label}]" if result.instance_label else ""
            line = f"{'ok  ' if result.passed else 'FAIL'} {result.label}{where}"
            print(line + (f": {result.message}" if result.message else ""))
        if report.failures:
            hints = [f"`brickyard scene repair {args.scene}` fixes what offers a repair"] if any(
                r.repair for r in report.failures) else []
            print(f"({'; '.join(hints + [f'tracebacks are in {log_path()}'])})")
        for reference in report.published:
            print(f"published {reference}")
        if report.stopped:
            print(f"stopped: {report.stopped}; nothing was published" if not report.published
                  else f"stopped: {report.stopped}")
    return 0 if report.passed else 1


def run_load(args: argparse.Namespace) -> int:
    host = _open(args.scene)
    with client_from(args) as client:
        controller = LoaderController(client, host, reference_loaders())
        reference = references.parse(args.reference, default_version="approved")
        with references.suggesting(client, args.reference):
            version = controller.version(str(reference))
        representation = args.representation or reference.representation
        if representation is None:
            names = [r.name for r in version.representations]
            if len(names) != 1:
                raise InvalidInput(f"{version.reference} has representations {names}; pick one with --representation")
            representation = names[0]
        loaders = controller.loaders_for(version.reference, representation)
        if not loaders:
            raise InvalidInput(f"no loader of the reference host serves {version.kind} / {representation}")
        container = controller.load(version.reference, representation, loaders[0].name)
    print(f"loaded {version.reference} ({representation}) as container {container.id}")
    return 0


def run_inventory(args: argparse.Namespace) -> int:
    host = _open(args.scene)
    with client_from(args) as client:
        items = InventoryController(client, host, reference_loaders()).refresh()
    if args.json:
        print_json([asdict(i) for i in items])
    else:
        print_table(["container", "asset", "loaded", "status", "latest", "approved", "state"],
                    [(i.container_id, i.asset, i.loaded, i.status, i.latest, i.latest_approved, i.state)
                     for i in items])
    return 0


def run_update(args: argparse.Namespace) -> int:
    host = _open(args.scene)
    target: str | int = int(args.to) if args.to.isdigit() else args.to
    if target not in ("latest", "approved") and not isinstance(target, int):
        raise InvalidInput(f"--to {args.to!r}: use latest, approved or a version number")
    with client_from(args) as client:
        controller = InventoryController(client, host, reference_loaders())
        ids = args.containers or [i.container_id for i in controller.refresh() if i.state == "outdated"]
        if not ids:
            print("nothing is outdated")
            return 0
        outcomes = (controller.set_version(ids, target) if isinstance(target, int)
                    else controller.update(ids, to=target))
    for outcome in outcomes:
        if not outcome.ok:
            print(f"{outcome.container_id}: FAILED {outcome.message}")
            continue
        note = f" ({outcome.message})" if outcome.message else ""
        print(f"{outcome.container_id}: v{outcome.from_version} -> v{outcome.to_version}{note}")
    return 0 if all(o.ok for o in outcomes) else 1
