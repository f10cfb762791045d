"""``brickyard admin gc|verify``: store upkeep run beside the servers, on the same settings (flags or
``BRICKYARD_*``; ``AWS_*`` for an S3 store), straight against the database and the blob store."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from .main import settings_from
from .services import blob_upkeep
from .startup import StartupError, prepare

MiB = 1024 * 1024


def _prepared(args: argparse.Namespace):
    args.host = args.port = None
    return prepare(settings_from(args))


def gc(args: argparse.Namespace) -> int:
    """Remove unused blobs older than the grace period; 0 when done, 2 when the store cannot be opened."""
    try:
        prepared = _prepared(args)
    except StartupError as exc:
        print(f"brickyard: error: {exc}", file=sys.stderr)
        return 2
    try:
        with prepared.sessions() as db:
            result = blob_upkeep.collect(db, prepared.blobs, timedelta(hours=args.grace_hours), args.dry_run)
    finally:
        prepared.blobs.close()
        prepared.engine.dispose()
    verb = "would remove" if args.dry_run else "removed"
    for sha256 in result.blobs:
        print(f"{verb} {sha256}")
    for sha256 in result.orphans:
        print(f"{verb} {sha256} (bytes no database row names)")
    for key in result.uploads:
        print(f"{verb} {key} (an upload never completed)")
    print(f"{verb} {len(result.blobs)} unused blob(s), {result.freed / MiB:.1f} MiB; {len(result.orphans)} orphan(s); "
          f"{len(result.uploads)} stale upload(s) (grace {args.grace_hours:g} h)")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Re-hash stored blobs; 0 when all are whole, 1 when any is missing or corrupt, 2 when it cannot start."""
    try:
        prepared = _prepared(args)
    except StartupError as exc:
        print(f"brickyard: error: {exc}", file=sys.stderr)
        return 2
    try:
        with prepared.sessions() as db:
            result = blob_upkeep.verify(db, prepared.blobs, args.sample)
    finally:
        prepared.blobs.close()
        prepared.engine.dispose()
    for sha256 in result.missing:
        print(f"missing {sha256}")
    for sha256, found in result.corrupt:
        print(f"corrupt {sha256}: {found}")
    print(f"checked {result.checked} blob(s) in {prepared.blobs.describe()}: {len(result.missing)} missing, "
          f"{len(result.corrupt)} corrupt")
    if not result.ok:
        print("brickyard: error: the blob store lost or damaged the blobs above; restore them from a backup",
              file=sys.stderr)
    return 0 if result.ok else 1
