"""The colours the windows share: one per version status and one per inventory state.

Chosen to read on light and dark palettes; text stays the palette's own, only the marks are coloured.
"""

from __future__ import annotations

STATUS_COLOURS = {
    "wip": "#8a8f98",
    "review": "#3d8fd6",
    "approved": "#2e9e4f",
    "rejected": "#d0433b",
    "deprecated": "#9a6b3f",
}

STATE_COLOURS = {
    "current": "#2e9e4f",       # the newest version, approved
    "not_approved": "#c99a06",  # the newest, but not approved
    "outdated": "#e07b1a",      # a newer version exists
    "missing": "#d0433b",       # the server no longer knows what it loaded
    "missing_files": "#d0433b",  # its files are not on this machine (Repair fetches them)
    "unreadable": "#d0433b",    # a container this Brickyard cannot read
}

STATE_LABELS = {
    "current": "up to date",
    "not_approved": "not approved",
    "outdated": "outdated",
    "missing": "missing",
    "missing_files": "missing files",
    "unreadable": "unreadable",
}

# worst first: a group of containers shows the worst state among them
STATE_SEVERITY = ["unreadable", "missing", "missing_files", "outdated", "not_approved", "current"]

APPROVED_BACKGROUND = "#e3f4e8"  # behind approved versions in the version pickers
ERROR_BACKGROUND = "#fbe3e1"
ERROR_TEXT = "#8c1d16"
IN_SCENE = "#2e9e4f"


def worst_state(states: list[str]) -> str:
    return min(states, key=lambda s: STATE_SEVERITY.index(s) if s in STATE_SEVERITY else len(STATE_SEVERITY))
