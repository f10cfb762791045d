"""``brickyard ingest DIR``: a folder of generations, plates or models published as assets in bulk."""

from __future__ import annotations

import argparse

from .connect import client_from
from .output import print_json
from .progress_bar import ProgressBar


def register(commands: argparse._SubParsersAction) -> None:
    ingest = commands.add_parser("ingest", help="publish a folder of files as assets, in bulk",
                                 description="Plan assets from a folder (names made legal, kinds from the "
                                             "files), print the plan, then publish. Files the project already "
                                             "has are reported as duplicates; a re-run creates nothing twice.")
    ingest.add_argument("directory", metavar="DIR")
    ingest.add_argument("--project", required=True, help="project code to publish into")
    ingest.add_argument("--folder", default="", help="folder path for the new assets (sub-folders keep theirs)")
    ingest.add_argument("--group", choices=["each", "sequence", "prefix"], default="each",
                        help="each: one asset per file; sequence: numbered frames form one version; "
                             "prefix: files sharing a name prefix become versions of one asset")
    ingest.add_argument("--kind", default="auto", help="the kind of every asset, or auto (from each file)")
    ingest.add_argument("--status", default="wip", choices=["wip", "review"],
                        help="status of every new version: wip (default) or review")
    ingest.add_argument("--dry-run", action="store_true", help="print the plan and publish nothing")
    ingest.add_argument("--json", action="store_true", help="print the plan and the outcome as JSON")
    ingest.set_defaults(run=run_ingest)


def _plan_lines(plan, every: bool) -> list[str]:
    """Every planned version (a dry run, or a small folder), else the renamed ones and the skips."""
    lines = [f"plan: {len(plan.versions)} version(s) from {plan.root}, {len(plan.collisions)} renamed, "
             f"{len(plan.skipped)} skipped"]
    for version in plan.versions if every else plan.collisions:
        files = version.relative + (
            f" (+{len(version.files) - 1} frames)" if len(version.files) > 1 else "")
        renamed = f"  [renamed: {version.renamed_from} was taken]" if version.renamed_from else ""
        lines.append(f"  {files} -> {version.path} ({version.kind}){renamed}")
    for path, why in plan.skipped:
        lines.append(f"  skip {path}: {why}")
    return lines


def _plan_json(plan) -> dict:
    return {"root": str(plan.root),
            "versions": [{"files": [f.relative_to(plan.root).as_posix() for f in v.files], "folder": v.folder,
                          "asset": v.asset, "kind": v.kind, "renamed_from": v.renamed_from} for v in plan.versions],
            "skipped": [{"path": p, "reason": r} for p, r in plan.skipped]}


def run_ingest(args: argparse.Namespace) -> int:
    bar = ProgressBar()
    with client_from(args) as client:
        if args.dry_run:
            plan, report = client.ingest(args.project, args.directory, folder=args.folder, grouping=args.group,
                                         kind=args.kind, dry_run=True)
        else:
            plan, report = client.ingest(args.project, args.directory, folder=args.folder, grouping=args.group,
                                         kind=args.kind, status=args.status, progress=bar)
    bar.close()
    if args.json:
        body = {"plan": _plan_json(plan)}
        if report:
            body["report"] = {name: [{"path": p, "detail": d} for p, d in getattr(report, name)]
                              for name in ("created", "replayed", "duplicates", "failed", "skipped")}
            body["report"]["bytes_sent"] = report.bytes_sent
        print_json(body)
    else:
        print("\n".join(_plan_lines(plan, args.dry_run or len(plan.versions) <= 50)))
        if report:
            for path, reference in report.duplicates:
                print(f"duplicate {path}: already published as {reference}")
            for path, message in report.failed:
                print(f"failed {path}: {message}")
            print(report.summary())
    return 1 if report and report.failed else 0
