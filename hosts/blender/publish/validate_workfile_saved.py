"""Validate the workfile is saved (the version records it as its source); repair saves it in place."""

import bpy
import pyblish.api

from brickyard.hosts.blender.publish._blender import on_main


class SaveWorkfile(pyblish.api.Action):
    label = "Save the workfile"
    icon = "floppy-o"
    on = "failed"

    def process(self, context, plugin):
        def save():
            if not bpy.data.filepath:  # saving needs a place only the artist can choose: say so, never "repaired"
                raise ValueError("this file was never saved, so Repair cannot save it; use File › Save As once, "
                                 "then publish")
            bpy.ops.wm.save_mainfile()
        on_main(context, save)


class ValidateWorkfileSaved(pyblish.api.ContextPlugin):
    label = "Validate workfile saved"
    order = pyblish.api.ValidatorOrder
    hosts = ["blender"]
    actions = [SaveWorkfile]

    def process(self, context):
        path, dirty = on_main(context, lambda: (bpy.data.filepath, bpy.data.is_dirty))
        if not path:
            raise ValueError("this file was never saved; save it (File › Save As) so the version can record "
                             "its source, then publish")
        # Headless Blender never clears is_dirty (no window manager tracks the save), so only a live
        # session can tell unsaved changes apart.
        if dirty and not bpy.app.background:
            raise ValueError(f"{path} has unsaved changes; save it (Ctrl+S) or Repair, so the recorded "
                             "source matches what was published")
