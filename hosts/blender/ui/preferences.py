"""The add-on's preferences: which server, which token, which project (Edit › Preferences › Add-ons).

The token is best left to ``brickyard login URL --with-token TOKEN``, which stores it in the user's
config file (mode 0600): when that file holds a token for the same server, it is used and the token
field (saved in plain text in ``userpref.blend``) is ignored and may stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import bpy
from brickyard.core.config import default_config_path, read_config_file
from brickyard.core.errors import BrickyardError


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
        login = login_token(self.url)
        for name in ("url", "token", "project", "library"):
            if name == "token" and login:
                layout.label(text=f"Token: from brickyard login ({default_config_path()})", icon="LOCKED")
                continue
            layout.prop(self, name)
        layout.operator("brickyard.check_connection", icon="URL")

    def settings(self) -> Settings:
        url = self.url.strip()
        return Settings(url, login_token(url) or self.token.strip(), self.project.strip(), self.library.strip())


def login_token(url: str) -> str:
    """The token ``brickyard login`` stored for ``url`` in the user's config file; "" when there is none."""
    try:
        stored = read_config_file(default_config_path())
    except BrickyardError:  # an unreadable config: the preferences' own token still works
        return ""
    same_server = str(stored.get("url") or "").rstrip("/") == url.strip().rstrip("/")
    return str(stored.get("token") or "") if same_server and url.strip() else ""
