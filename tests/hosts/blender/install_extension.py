"""Run in a fresh interpreter by test_package: install the extension zip into a real Blender, report JSON."""

import json
import os
import sys

os.environ["BLENDER_USER_RESOURCES"] = sys.argv[2]

import bpy  # noqa: E402

result = bpy.ops.extensions.package_install_files(filepath=sys.argv[1], repo="user_default",
                                                  enable_on_install=True)
addon_id = "bl_ext.user_default.brickyard"
prefs = bpy.context.preferences.addons.get(addon_id)
site = os.path.join(sys.argv[2], "extensions", ".local", "lib", "python3.11", "site-packages")
print(json.dumps({
    "result": sorted(result),
    "enabled": prefs is not None,
    "preferences": prefs is not None and prefs.preferences is not None and hasattr(prefs.preferences, "url"),
    "operators": [name for name in ("publish", "load", "update", "refresh_inventory")
                  if hasattr(bpy.types, f"BRICKYARD_OT_{name}")],
    "panels": [name for name in ("publish", "load", "inventory") if hasattr(bpy.types, f"BRICKYARD_PT_{name}")],
    "site_packages": sorted(os.listdir(site)) if os.path.isdir(site) else [],
}))
