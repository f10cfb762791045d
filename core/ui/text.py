"""How the windows write numbers, versions and statuses."""

from __future__ import annotations

from ..models import Status, VersionPublic


def human_size(size: float) -> str:
    """``1.5 MB``: decimal units, as file managers show them."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(size) < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def status_text(status: Status | str | None) -> str:
    if status is None:
        return ""
    return Status(status).value


def version_label(version: VersionPublic, *, latest: int | None = None, approved: int | None = None,
                  loaded: bool = False) -> str:
    """``v3 · approved · latest approved · in scene`` for a version picker."""
    parts = [f"v{version.number:03d}", status_text(version.status)]
    if latest is not None and version.number == latest:
        parts.append("latest")
    if approved is not None and version.number == approved:
        parts.append("latest approved")
    if loaded:
        parts.append("in scene")
    return " · ".join(parts)


def version_number(value: int | None) -> str:
    return f"v{value:03d}" if value is not None else "—"
