"""``brickyard scene list|remove|repair``: manage what a JSON scene marks to publish, without editing it.

``scene create`` marks files; these list the marked instances, remove one, and run the repairs the
validators offer (a naming repair renames ``looks/Cool_Grade`` to ``looks/cool_grade``) before
validating again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InvalidInput
from ..publish.discovery import discover_publish_plugins
from ..publish.instance import InstanceSpec, UnreadableInstance, parse_instance
from ..publish.session import PublishSession
from ..reference_host import ReferenceHost
from .connect import client_from
from .output import print_json, print_table


def register(actions: argparse._SubParsersAction, open_scene) -> None:
    listing = actions.add_parser("list", help="list what the scene marks to publish")
    listing.add_argument("scene", help="the JSON scene file")
    listing.add_argument("--json", action="store_true", help="print the instances as JSON")
    listing.set_defaults(run=lambda args: run_list(args, open_scene(args.scene)))

    remove = actions.add_parser("remove", help="unmark an instance (by its id, or the start of it)")
    remove.add_argument("scene", help="the JSON scene file")
    remove.add_argument("instance", metavar="INSTANCE", help="an instance id from `brickyard scene list`")
    remove.set_defaults(run=lambda args: run_remove(args, open_scene(args.scene)))

    repair = actions.add_parser("repair", help="run the repairs failed validations offer, then validate again")
    repair.add_argument("scene", help="the JSON scene file")
    repair.set_defaults(run=lambda args: run_repair(args, open_scene(args.scene)))


def instances(host: ReferenceHost) -> list[InstanceSpec | UnreadableInstance]:
    found: list[InstanceSpec | UnreadableInstance] = []
    for data in host.list_instances():
        try:
            found.append(parse_instance(data))
        except UnreadableInstance as exc:
            found.append(exc)
    return found


def same_target(host: ReferenceHost, folder: str, asset: str) -> InstanceSpec | None:
    """The instance already marked for ``folder/asset`` (``scene create`` replaces it, never doubles it)."""
    for spec in instances(host):
        if isinstance(spec, InstanceSpec) and (spec.folder, spec.asset) == (folder, asset):
            return spec
    return None


def run_list(args: argparse.Namespace, host: ReferenceHost) -> int:
    found = instances(host)
    if args.json:
        print_json([s.model_dump(mode="json", by_alias=True) if isinstance(s, InstanceSpec)
                    else {"id": s.data.get("id"), "error": s.reason} for s in found])
        return 0
    rows = []
    for spec in found:
        if isinstance(spec, UnreadableInstance):
            rows.append((spec.data.get("id", "?"), "-", "-", "-", f"unreadable: {spec.reason}"))
            continue
        files = sum(len(paths) for paths in spec.representations.values())
        rows.append((spec.id, spec.title, spec.kind, sorted(spec.representations),
                     f"{files} file{'s' if files != 1 else ''}, {spec.status}"))
    print_table(["instance", "asset", "kind", "representations", "files"], rows)
    return 0


def run_remove(args: argparse.Namespace, host: ReferenceHost) -> int:
    ids = [d.get("id", "") for d in host.list_instances()]
    matches = [i for i in ids if i == args.instance] or [i for i in ids if i.startswith(args.instance)]
    if len(matches) != 1:
        found = "no instance" if not matches else f"{len(matches)} instances"
        raise InvalidInput(f"{found} in {args.scene} match {args.instance!r}; "
                           f"see the ids with: brickyard scene list {args.scene}")
    host.remove_instance(matches[0])
    print(f"removed instance {matches[0]} from {args.scene}")
    return 0


def run_repair(args: argparse.Namespace, host: ReferenceHost) -> int:
    with client_from(args) as client:
        session = PublishSession(client, host, discover_publish_plugins(host.name))
        report = session.validate()
        repairable = sorted({r.plugin for r in report.failures if r.repair})
        for plugin in repairable:
            result = session.repair(plugin)
            print(f"{'repaired' if result.passed else 'could not repair'}: {result.label}"
                  + (f" ({result.message})" if result.message else ""))
        if not repairable:
            print("nothing to repair" if report.passed else "no failed validation offers a repair")
        report = session.validate()
    for result in report.failures:
        print(f"FAIL {result.label} [{result.instance_label}]: {result.message}")
    print(f"{Path(args.scene)} now validates" if report.passed else "still failing; fix the above by hand")
    return 0 if report.passed else 1
