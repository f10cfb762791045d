"""The "Brickyard" menu in the Level Editor's main menu, through ToolMenus.

``register_menu`` answers False while the main menu does not exist yet (``init_unreal.py`` runs before
the editor builds it): the start-up retries it on each tick. Registering again — a script reload — first
removes everything the ``brickyard`` owner added, so the menu is never doubled.
"""

from __future__ import annotations

OWNER = "brickyard"
MAIN_MENU = "LevelEditor.MainMenu"
SUB_MENU = "Brickyard"
SECTION = "Brickyard"
ENTRIES = (  # (entry name, label, tool tip, window)
    ("load", "Load…", "Browse published assets and import one into the project", "loader"),
    ("publish", "Publish…", "Publish selected assets, the level selection or Movie Render Queue outputs",
     "publisher"),
    ("inventory", "Inventory…", "What this project loaded, what is outdated, and switching versions",
     "inventory"),
)


def command(window: str) -> str:
    """The Python a menu entry runs: open the window, reporting (not raising) what went wrong."""
    return f"import brickyard.hosts.unreal.windows as w; w.open_from_menu({window!r})"


def register_menu() -> bool:
    """Add the menu; False (and nothing changed) when the editor's main menu does not exist yet."""
    import unreal

    menus = unreal.ToolMenus.get()
    main = menus.find_menu(unreal.Name(MAIN_MENU))
    if main is None:
        return False
    menus.unregister_owner_by_name(unreal.Name(OWNER))
    sub = main.add_sub_menu(unreal.Name(OWNER), unreal.Name(""), unreal.Name(SUB_MENU), unreal.Text("Brickyard"),
                            unreal.Text("Brickyard: load, publish and switch asset versions"))
    for name, label, tool_tip, window in ENTRIES:
        entry = unreal.ToolMenuEntryExtensions.init_menu_entry(
            unreal.Name(OWNER), unreal.Name(name), unreal.Text(label), unreal.Text(tool_tip),
            unreal.ToolMenuStringCommandType.PYTHON, unreal.Name(""), command(window))
        sub.add_menu_entry(unreal.Name(SECTION), entry)
    menus.refresh_all_widgets()
    return True


def unregister_menu() -> None:
    import unreal

    menus = unreal.ToolMenus.get()
    menus.unregister_owner_by_name(unreal.Name(OWNER))
    menus.refresh_all_widgets()
