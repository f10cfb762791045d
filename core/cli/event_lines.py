"""One readable line per event for ``brickyard events`` (``--json`` prints the events as they are)."""

from __future__ import annotations

from ..models import EventPublic


def _asset(data: dict) -> str:
    folder, asset = data.get("folder") or "", data.get("asset") or "?"
    return f"{folder}/{asset}" if folder else asset


def what_happened(event: EventPublic) -> str:
    data = event.data
    if event.type == "published":
        return f"published {_asset(data)} v{data.get('number', 0):03d} ({data.get('kind')}, {data.get('status')})"
    if event.type == "status_changed":
        note = f": {data['comment']}" if data.get("comment") else ""
        return (f"set {_asset(data)} v{data.get('number', 0):03d} from {data.get('old')} "
                f"to {data.get('new')}{note}")
    if event.type == "project_created":
        return f"created project {data.get('code')} ({data.get('name')})"
    if event.type == "member_added":
        return f"made {data.get('user')} {data.get('role')}"
    if event.type == "member_removed":
        return f"removed {data.get('user')}"
    if event.type == "asset_moved":
        return f"renamed {data.get('from')} to {data.get('to')}"
    if event.type == "project_updated":
        return f"changed the project's {', '.join(sorted(data))}"
    details = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    return f"{event.type.replace('_', ' ')}" + (f" ({details})" if details else "")


def describe(event: EventPublic) -> str:
    """``#12 2026-12-04 23:10:05 sam: set looks/warm_grade v001 from review to rejected: too warm``."""
    return f"#{event.id} {event.created_at:%Y-%m-%d %H:%M:%S} {event.user or 'server'}: {what_happened(event)}"
