"""Inventory operators: refresh (one request), update to latest / approved, set a version, remove, select."""

from __future__ import annotations

import bpy

from .props import ui_state
from .run import run

_TARGETS = [("latest", "Latest", "the newest version"), ("approved", "Approved", "the newest approved version"),
            ("number", "Version", "the version number given")]


def fill(items, notes: dict[str, str] | None = None) -> None:
    """Show ``items`` (InventoryItem) in the panel, keeping which rows the artist had ticked; ``notes``
    (container id → text) are what the last update said of a row."""
    state = ui_state()
    ticked = {c.container_id for c in state.containers if c.selected}
    state.containers.clear()
    for item in items:
        row = state.containers.add()
        row.name, row.container_id, row.asset, row.representation = item.name, item.container_id, item.asset, \
            item.representation
        row.loaded, row.latest, row.latest_approved = item.loaded or 0, item.latest or 0, item.latest_approved or 0
        row.state, row.selected = item.state, item.container_id in ticked
        row.message = item.message or (notes or {}).get(item.container_id, "")


def _summary(items) -> str:
    outdated = sum(1 for i in items if i.state == "outdated")
    return f"{len(items)} container(s), {outdated} outdated"


class BRICKYARD_OT_refresh_inventory(bpy.types.Operator):
    """Every container in this file with its loaded, latest and approved versions (one request)"""

    bl_idname = "brickyard.refresh_inventory"
    bl_label = "Refresh"

    def execute(self, context):
        def deliver(items):
            fill(items)
            return True, _summary(items)
        return run(self, context, "Refresh inventory", lambda c: c.inventory.refresh(), deliver)


class BRICKYARD_OT_update(bpy.types.Operator):
    """Switch containers to another version in place"""

    bl_idname = "brickyard.update"
    bl_label = "Update"
    bl_options = {"REGISTER"}

    to: bpy.props.EnumProperty(name="To", items=_TARGETS)
    number: bpy.props.IntProperty(name="Version", min=0, description="For To = Version (0: the panel's)")
    container_ids: bpy.props.StringProperty(description="Comma-separated ids; empty: the ticked rows")
    outdated: bpy.props.BoolProperty(name="All outdated", description="Every outdated container")

    def execute(self, context):
        state = ui_state(context)
        outdated = self.outdated
        if outdated:
            ids = []  # chosen in the worker from a fresh answer: the panel's rows may be stale or empty
        elif self.container_ids:
            ids = [i.strip() for i in self.container_ids.split(",") if i.strip()]
        else:
            ids = [c.container_id for c in state.containers if c.selected]
        if not ids and not outdated:
            self.report({"ERROR"}, "nothing to update: tick containers in the Inventory (Refresh first), "
                                   "or use Update all outdated")
            return {"CANCELLED"}
        to = self.to  # read now: the operator is gone when the worker runs
        target = (self.number or state.set_number) if to == "number" else to

        def work(connection):
            chosen = [i.container_id for i in connection.inventory.refresh() if i.state == "outdated"] \
                if outdated else ids
            if not chosen:
                return [], connection.inventory.items
            outcomes = connection.inventory.update(chosen, to=target) if to != "number" else \
                connection.inventory.set_version(chosen, int(target))
            return outcomes, connection.inventory.refresh()

        def deliver(result):
            outcomes, items = result
            fill(items, notes={o.container_id: o.message for o in outcomes if o.message})
            if not outcomes:
                return True, f"nothing is outdated ({_summary(items)})"
            failed = [o for o in outcomes if not o.ok]
            done = [o for o in outcomes if o.ok and o.from_version != o.to_version]
            text = f"updated {len(done)} of {len(outcomes)}"
            if failed:
                return False, text + "; " + "; ".join(f"{o.container_id[:8]}: {o.message}" for o in failed[:3])
            text += f" to v{done[0].to_version}" if len({o.to_version for o in done}) == 1 else ""
            notes = [o.message for o in done if o.message]  # what the loaders said the artist should know
            return True, text + ("; " + "; ".join(notes[:3]) if notes else "") + \
                (f" (+{len(notes) - 3} more, see the rows)" if len(notes) > 3 else "")

        return run(self, context, "Update", work, deliver)


class BRICKYARD_OT_remove_container(bpy.types.Operator):
    """Remove what the container loaded from the file"""

    bl_idname = "brickyard.remove_container"
    bl_label = "Remove"
    bl_options = {"REGISTER", "UNDO"}

    container_id: bpy.props.StringProperty()

    def execute(self, context):
        ids = [self.container_id]

        def work(connection):
            return connection.inventory.remove(ids), connection.inventory.refresh()

        def deliver(result):
            outcomes, items = result
            fill(items)
            failed = [o.message for o in outcomes if not o.ok]
            return (False, "; ".join(failed)) if failed else (True, "removed")

        return run(self, context, "Remove", work, deliver)


class BRICKYARD_OT_select_containers(bpy.types.Operator):
    """Select in the viewport what the containers loaded (the rest is deselected)"""

    bl_idname = "brickyard.select_containers"
    bl_label = "Select in scene"
    bl_options = {"REGISTER", "UNDO"}

    container_ids: bpy.props.StringProperty(description="Comma-separated ids; empty: the ticked rows")

    def execute(self, context):
        # Scene work only (no server): done here, on the main thread, at once.
        from ..selecting import select

        ids = [i.strip() for i in self.container_ids.split(",") if i.strip()] or \
            [c.container_id for c in ui_state(context).containers if c.selected]
        if not ids:
            self.report({"ERROR"}, "nothing to select: tick containers in the Inventory (Refresh first)")
            return {"CANCELLED"}
        missing = select(ids)
        if missing:
            names = {c.container_id: c.name for c in ui_state(context).containers}
            self.report({"WARNING"}, f"not in this view layer any more: {', '.join(names.get(m, m) for m in missing)}"
                                     " (Refresh the Inventory, or remove them)")
        else:
            self.report({"INFO"}, f"selected {len(ids)} container(s)")
        return {"FINISHED"}


class BRICKYARD_OT_check_connection(bpy.types.Operator):
    """Ask the server who you are and whether the project exists"""

    bl_idname = "brickyard.check_connection"
    bl_label = "Check connection"

    def execute(self, context):
        def work(connection):
            return connection.client.whoami(), connection.client.project(connection.settings.project)

        def deliver(result):
            user, project = result
            return True, f"connected as {user.name} to project {project.code} ({project.name})"

        return run(self, context, "Check connection", work, deliver)


CLASSES = (BRICKYARD_OT_refresh_inventory, BRICKYARD_OT_update, BRICKYARD_OT_remove_container,
           BRICKYARD_OT_select_containers, BRICKYARD_OT_check_connection)
