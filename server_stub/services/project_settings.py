"""Changing a project after creation: its display name, naming rules, kinds and OCIO view for previews.

New rules apply to what is published from now on; assets already published keep their names (rename
them with an asset move). A kind that assets still use cannot be dropped, or they would have no kind.
"""

from __future__ import annotations

from brickyard.core.errors import Conflict, InvalidInput
from brickyard.core.models import ProjectPublic, ProjectUpdate
from brickyard.core.naming import check_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import write_transaction
from ..tables import Asset, Project
from . import events
from .access import ProjectAccess, ProjectInfo
from .projects import public


def update_project(db: Session, access: ProjectAccess, body: ProjectUpdate) -> ProjectPublic:
    if body.naming is not None:
        check_template(body.naming.file_template)
    if body.kinds is not None:
        names = [k.name for k in body.kinds]
        doubled = sorted({n for n in names if names.count(n) > 1})
        if doubled or not names:
            raise InvalidInput(f"kinds must be a non-empty list of distinct names; repeated: {doubled}"
                               if doubled else "a project needs at least one kind",
                               detail={"kinds": names})
    if body.color is not None:
        check_color(body.color)
    changed: dict[str, object] = {}
    with write_transaction(db):
        project = db.get(Project, access.project.id)
        if body.kinds is not None:
            used = set(db.scalars(select(Asset.kind).where(Asset.project_id == project.id).distinct()))
            dropped = sorted(used - {k.name for k in body.kinds})
            if dropped:
                raise Conflict(f"kinds {dropped} are still used by assets of {project.code!r}; keep them",
                               detail={"project": project.code, "in_use": dropped})
            project.kinds = [k.model_dump() for k in body.kinds]
            changed["kinds"] = [k.name for k in body.kinds]
        if body.naming is not None:
            project.naming = body.naming.model_dump()
            changed["naming"] = project.naming
        if body.color is not None or body.clear_color:
            project.color = None if body.clear_color else body.color.model_dump()
            changed["color"] = project.color
        if body.name is not None:
            project.name = body.name or project.code
            changed["name"] = project.name
        if changed:
            events.record(db, "project_updated", project_id=project.id, user_id=access.caller.id, data=changed)
        db.flush()
        info = ProjectInfo.of(project)
    return public(info, access.role)


def check_color(color) -> None:
    """The config must load here and name the display, view and colour space asked for; versions
    published from now on (and regenerated ones) are shown through it."""
    try:
        from ..media.color import processor
    except ImportError:
        raise InvalidInput("this server cannot apply OCIO configs: install brickyard[media]") from None
    from ..media.errors import MediaError

    try:
        processor(color.model_dump())
    except MediaError as exc:
        raise InvalidInput(str(exc), detail={"ocio_config": color.ocio_config}) from None
