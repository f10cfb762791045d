"""Brickyard's start-up script for the Unreal editor (copied into Content/Python by the installer).

Unreal runs every ``init_unreal.py`` on its Python path when the editor starts. This one makes the
Python environment Brickyard was installed in importable (its site-packages, with ``.pth`` files, so
an editable install works too), then starts Brickyard: the menu appears once the editor built its
main menu. The editor's Python must be the same minor version as that environment (3.11 for UE 5.4+).
"""

import os
import site
import sys

# Filled in by ``python -m brickyard.hosts.unreal.install``; BRICKYARD_SITE_PACKAGES overrides it.
SITE_PACKAGES = ""
PROJECT = ""


def _start():
    import unreal

    site_dir = os.environ.get("BRICKYARD_SITE_PACKAGES") or SITE_PACKAGES
    if site_dir and site_dir not in sys.path:
        site.addsitedir(site_dir)
    try:
        import brickyard.hosts.unreal as brickyard_unreal
    except ImportError as exc:
        unreal.log_error(f"Brickyard is not importable from {site_dir or 'the editor Python'} ({exc}); run "
                         "`brickyard install unreal --project <your .uproject folder>` again")
        return
    brickyard_unreal.start(os.environ.get("BRICKYARD_PROJECT") or PROJECT or None)


_start()
