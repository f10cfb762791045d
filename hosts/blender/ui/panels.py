"""The "Brickyard" tab of the 3D View sidebar: Publish, Load and Inventory panels. They only draw;
every button is an operator."""

from __future__ import annotations

import bpy

from . import thumbnails
from .props import ui_state
from .state import current

STATE_ICONS = {"current": "CHECKMARK", "outdated": "ERROR", "not_approved": "INFO", "missing": "QUESTION",
               "missing_files": "LIBRARY_DATA_BROKEN", "unreadable": "CANCEL"}


def _message(layout, context) -> None:
    state = ui_state(context)
    busy = current().jobs.busy
    if busy:
        layout.label(text=f"{', '.join(busy)}…", icon="SORTTIME")
    elif state.message:
        box = layout.box()
        box.alert = state.message_is_error
        box.label(text=state.message, icon="ERROR" if state.message_is_error else "INFO")


class _Panel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Brickyard"


class BRICKYARD_PT_publish(_Panel, bpy.types.Panel):
    bl_idname = "BRICKYARD_PT_publish"
    bl_label = "Publish"

    def draw(self, context):
        layout, state = self.layout, ui_state(context)
        _message(layout, context)
        layout.operator_menu_enum("brickyard.create_instance", "creator", text="Add to publish", icon="ADD")
        for data in current().host.list_instances():
            row = layout.row(align=True)
            title = data.get("label") or "/".join(p for p in (data.get("folder"), data.get("asset")) if p)
            row.label(text=f"{title} · {data.get('kind')} · {', '.join(data.get('host_data', {}).get('formats', []))}",
                      icon="OUTLINER_COLLECTION")
            row.operator("brickyard.remove_instance", text="", icon="X").instance_id = data.get("id", "")
        layout.prop(state, "comment")
        layout.prop(state, "status", expand=True)
        row = layout.row(align=True)
        row.operator("brickyard.validate", icon="CHECKMARK")
        row.operator("brickyard.publish", icon="EXPORT")
        for result in state.results:
            row = layout.row()
            row.alert = not result.passed
            row.label(text=result.name, icon="CHECKMARK" if result.passed else "ERROR")
            if result.repair:
                row.operator("brickyard.repair", text=result.repair, icon="TOOL_SETTINGS").plugin = result.plugin


class BRICKYARD_PT_load(_Panel, bpy.types.Panel):
    bl_idname = "BRICKYARD_PT_load"
    bl_label = "Load"

    def draw(self, context):
        layout, state = self.layout, ui_state(context)
        _message(layout, context)
        row = layout.row(align=True)
        row.prop(state, "search", text="", icon="VIEWZOOM")
        row.operator("brickyard.search_assets", text="", icon="FILE_REFRESH")
        row = layout.row(align=True)
        row.prop(state, "folder", text="")
        row.prop(state, "kind", text="")
        layout.prop(state, "approved_only")
        layout.template_list("UI_UL_list", "brickyard_assets", state, "assets", state, "asset_index", rows=5)
        layout.operator("brickyard.list_versions", icon="SORTTIME")
        if len(state.versions):
            layout.template_list("UI_UL_list", "brickyard_versions", state, "versions", state, "version_index",
                                 rows=3)
            picked = state.versions[state.version_index] if 0 <= state.version_index < len(state.versions) else None
            preview = thumbnails.get(picked.thumbnail) if picked else None
            if preview is not None:
                layout.template_icon(icon_value=preview.icon_id, scale=6.0)
            layout.prop(state, "representation")
            layout.prop(state, "loader")
            layout.operator("brickyard.load", icon="IMPORT")


class BRICKYARD_PT_inventory(_Panel, bpy.types.Panel):
    bl_idname = "BRICKYARD_PT_inventory"
    bl_label = "Inventory"

    def draw(self, context):
        layout, state = self.layout, ui_state(context)
        _message(layout, context)
        layout.operator("brickyard.refresh_inventory", icon="FILE_REFRESH")
        for item in state.containers:
            row = layout.row(align=True)
            row.alert = item.state in ("outdated", "missing", "unreadable")
            row.prop(item, "selected")
            approved = f"v{item.latest_approved}" if item.latest_approved else "—"
            row.label(text=f"{item.name}  v{item.loaded} / latest v{item.latest} / approved {approved}",
                      icon=STATE_ICONS.get(item.state, "DOT"))
            if item.state == "missing_files":  # the same version, its files fetched and pointed at again
                repair = row.operator("brickyard.update", text="Repair", icon="FILE_REFRESH")
                repair.to, repair.number, repair.container_ids = "number", item.loaded, item.container_id
            row.operator("brickyard.select_containers", text="",
                         icon="RESTRICT_SELECT_OFF").container_ids = item.container_id
            row.operator("brickyard.remove_container", text="", icon="X").container_id = item.container_id
            if item.message:  # why it is missing, or what the last update carried over and what it could not
                layout.label(text=f"    {item.message}", icon="INFO")
        if len(state.containers):
            row = layout.row(align=True)
            row.operator("brickyard.update", text="Update").to = "latest"
            row.operator("brickyard.update", text="To approved").to = "approved"
            row = layout.row(align=True)
            row.prop(state, "set_number")
            row.operator("brickyard.update", text="Set version").to = "number"
        op = layout.operator("brickyard.update", text="Update all outdated", icon="FILE_REFRESH")
        op.to, op.outdated = "latest", True


CLASSES = (BRICKYARD_PT_publish, BRICKYARD_PT_load, BRICKYARD_PT_inventory)
