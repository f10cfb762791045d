"""The add-on's preferences: which server, which token, which project (Edit › Preferences › Add-ons)."""

from __future__ import annotations

from dataclasses import dataclass

import bpy


@dataclass(frozen=True)
class Settings:
    url: str
    token: str
    project: str
    library: str = ""

    def missing(self) -> list[str]:
        return [name for name in ("url", "token", "project") if not getattr(self, name)]


class BrickyardPreferences(bpy.types.AddonPreferences):
    bl_idname = "brickyard.hosts.blender"  # replaced with the add-on's id when it registers

    url: bpy.props.StringProperty(name="Server URL", default="http://127.0.0.1:8765")
    token: bpy.props.StringProperty(name="Token", subtype="PASSWORD",
                                    description="Your Brickyard token (brickyard login prints it)")
    project: bpy.props.StringProperty(name="Project", description="The project code, e.g. film")
    library: bpy.props.StringProperty(name="Library root", subtype="DIR_PATH",
                                      description="Where loaded files are laid out (empty: the default)")

    def draw(self, context):
        layout = self.layout
        for name in ("url", "token", "project", "library"):
            layout.prop(self, name)
        layout.operator("brickyard.check_connection", icon="URL")

    def settings(self) -> Settings:
        return Settings(self.url.strip(), self.token.strip(), self.project.strip(), self.library.strip())
