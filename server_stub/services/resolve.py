"""Resolve many references at once with a fixed number of queries, whatever their count.

``latest`` is the highest-numbered version that is not deprecated; ``approved`` the highest approved.
Each reference gets its own answer or its own error; one bad reference never fails the others.
"""

from __future__ import annotations

from brickyard.core.errors import BrickyardError, InvalidInput, NotFound
from brickyard.core.models import Resolved, Role, Status
from brickyard.core.reference import Reference
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from ..tables import Asset, Project, Version
from .access import Caller, roles_by_project
from .asset_aliases import aliased
from .batching import chunks
from .version_views import publics, version_query


def latest_number():
    """Correlated subquery: an asset's highest version number that is not deprecated."""
    return (select(func.max(Version.number))
            .where(Version.asset_id == Asset.id, Version.status != Status.deprecated.value)
            .correlate(Asset).scalar_subquery())


def latest_approved_number():
    return (select(func.max(Version.number))
            .where(Version.asset_id == Asset.id, Version.status == Status.approved.value)
            .correlate(Asset).scalar_subquery())


def _error(exc: BrickyardError) -> dict:
    return exc.to_body()["error"]


def resolve(db: Session, caller: Caller, texts: list[str]) -> list[Resolved]:
    items = [Resolved(reference=text) for text in texts]
    refs: dict[int, Reference] = {}
    for i, text in enumerate(texts):
        try:
            refs[i] = Reference.parse(text)
        except InvalidInput as exc:
            items[i].error = _error(exc)

    # 1. projects and the caller's roles in them
    codes = sorted({ref.project for ref in refs.values()})
    projects: dict[str, int] = {}
    for chunk in chunks(codes):
        projects.update(db.execute(select(Project.code, Project.id).where(Project.code.in_(chunk))).all())
    roles = roles_by_project(db, caller, set(projects.values()))
    for i, ref in list(refs.items()):
        pid = projects.get(ref.project)
        if pid is None or pid not in roles or roles[pid].rank < Role.viewer.rank:
            items[i].error = _error(NotFound(
                f"no project {ref.project!r} (or you are not a member of it)",
                detail={"reference": texts[i], "project": ref.project}))
            del refs[i]

    # 2. assets, with where they stand now
    keys = sorted({(projects[r.project], r.folder, r.asset) for r in refs.values()})
    assets: dict[tuple, tuple[int, int | None, int | None]] = {}
    for chunk in chunks(keys):
        rows = db.execute(select(Asset.project_id, Asset.folder, Asset.name, Asset.id, latest_number(),
                                 latest_approved_number())
                          .where(tuple_(Asset.project_id, Asset.folder, Asset.name).in_(chunk)))
        for pid, folder, name, aid, latest, approved in rows:
            assets[(pid, folder, name)] = (aid, latest, approved)
    old_names = aliased(db, (k for k in keys if k not in assets))  # renamed or moved assets
    for chunk in chunks(sorted(set(old_names.values()))):
        rows = db.execute(select(Asset.id, latest_number(), latest_approved_number()).where(Asset.id.in_(chunk)))
        live = {aid: (aid, latest, approved) for aid, latest, approved in rows}
        assets.update({key: live[aid] for key, aid in old_names.items() if aid in live})

    # 3. which number each reference means
    wanted: dict[int, tuple[int, int]] = {}
    for i, ref in refs.items():
        found = assets.get((projects[ref.project], ref.folder, ref.asset))
        if found is None:
            items[i].error = _error(NotFound(f"no asset {ref.asset_path!r} in project {ref.project!r}",
                                             detail={"reference": texts[i]}))
            continue
        aid, items[i].latest, items[i].latest_approved = found
        number = {"latest": items[i].latest, "approved": items[i].latest_approved}.get(
            ref.version, ref.version)
        if number is None:
            why = ("has no approved version yet; ask a supervisor to approve one, or ask for version=latest "
                   "or a number" if ref.version == "approved" else "has only deprecated versions")
            items[i].error = _error(NotFound(f"{ref.asset_path!r} in {ref.project!r} {why}",
                                             detail={"reference": texts[i], "version": ref.version}))
            continue
        wanted[i] = (aid, int(number))

    # 4. the versions themselves, their representations and files
    rows = []
    for chunk in chunks(sorted(set(wanted.values()))):
        rows += db.execute(version_query().where(tuple_(Version.asset_id, Version.number).in_(chunk))).all()
    versions = {(v.asset_id, v.number): v for v in publics(db, rows)}
    for i, key in wanted.items():
        version = versions.get(key)
        ref = refs[i]
        if version is None:
            items[i].error = _error(NotFound(f"{ref.asset_path!r} in {ref.project!r} has no version {key[1]}",
                                             detail={"reference": texts[i], "version": key[1]}))
            continue
        if ref.representation:
            reps = [r for r in version.representations if r.name == ref.representation]
            if not reps:
                items[i].error = _error(NotFound(
                    f"version {key[1]} of {ref.asset_path!r} has no representation {ref.representation!r}; "
                    f"it has {[r.name for r in version.representations]}",
                    detail={"reference": texts[i], "representation": ref.representation}))
                continue
            version = version.model_copy(update={"representations": reps})
        items[i].version = version
    return items
