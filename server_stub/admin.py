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


def _run_on_store(args: argparse.Namespace, work):
    """``work(db, store)`` on the servers' database and blob store, closed afterwards; the store and
    ``work``'s answer, or None (after saying why) when they cannot be opened."""
    args.host = args.port = None
    try:
        prepared = prepare(settings_from(args))
    except StartupError as exc:
        print(f"brickyard: error: {exc}", file=sys.stderr)
        return None
    try:
        with prepared.sessions() as db:
            return prepared.blobs, work(db, prepared.blobs)
    finally:
        prepared.blobs.close()
        prepared.engine.dispose()


def gc(args: argparse.Namespace) -> int:
    """Remove unused blobs older than the grace period; 0 when done, 2 when the store cannot be opened."""
    opened = _run_on_store(args, lambda db, store: blob_upkeep.collect(
        db, store, timedelta(hours=args.grace_hours), args.dry_run))
    if opened is None:
        return 2
    _store, result = opened
    verb = "would remove" if args.dry_run else "removed"
    for sha256 in result.blobs:
        print(f"{verb} {sha256}")
    for sha256 in result.orphans:
        print(f"{verb} {sha256} (bytes under its name that no database row points at)")
    for key in result.uploads:
        print(f"{verb} {key} (an upload never completed)")
    print(f"{verb} {len(result.blobs)} unused blob(s), {result.freed / MiB:.1f} MiB; {len(result.orphans)} orphan(s); "
          f"{len(result.uploads)} stale upload(s) (grace {args.grace_hours:g} h)")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Re-hash stored blobs; 0 when all are whole, 1 when any is missing or corrupt, 2 when it cannot start."""
    opened = _run_on_store(args, lambda db, store: blob_upkeep.verify(db, store, args.sample))
    if opened is None:
        return 2
    store, result = opened
    for sha256 in result.missing:
        print(f"missing {sha256}")
    for sha256, found in result.corrupt:
        print(f"corrupt {sha256}: {found}")
    print(f"checked {result.checked} blob(s) in {store.describe()}: {len(result.missing)} missing, "
          f"{len(result.corrupt)} corrupt")
    if not result.ok:
        print("brickyard: error: the blob store lost or damaged the blobs above; restore them from a backup",
              file=sys.stderr)
    return 0 if result.ok else 1
