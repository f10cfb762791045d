"""ToolMenus: menus that exist only once the editor built them, entries owned by a name, Python commands.

``find_menu`` answers None until ``STATE.menus_ready`` (as at start-up, before the main menu exists).
Adding a sub-menu or entry twice shows it twice, as in the editor: idempotence is the caller's job
(``unregister_owner_by_name`` first). ``fake_click`` runs an entry's Python command like a click would.
"""

from __future__ import annotations

from typing import Any

from ._core import STATE, EnumBase, Name, Object, Text


class MultiBlockType(EnumBase):
    NONE = 0
    MENU_ENTRY = 4
    SEPARATOR = 5


class ToolMenuStringCommandType(EnumBase):
    COMMAND = 0
    PYTHON = 1
    CUSTOM = 2


class ToolMenuInsertType(EnumBase):
    DEFAULT = 0
    BEFORE = 1
    AFTER = 2
    FIRST = 3


class ToolMenuInsert:
    def __init__(self, name: str = "None", position: ToolMenuInsertType = ToolMenuInsertType.DEFAULT) -> None:
        self.name = Name(name)
        self.position = position


class ToolMenuOwner:
    def __init__(self, name: str = "None") -> None:
        self.name = Name(name)


class ToolMenuEntry:
    def __init__(self, name: str = "None", owner: Any = None, type: MultiBlockType = MultiBlockType.NONE,  # noqa: A002
                 user_interface_action_type: Any = None, tutorial_highlight_name: str = "None",
                 insert_position: ToolMenuInsert | None = None) -> None:
        self.name = Name(name)
        self.owner = owner
        self.type = type
        self.insert_position = insert_position or ToolMenuInsert()
        self.fake_label = ""
        self.fake_tool_tip = ""
        self.fake_command: tuple[ToolMenuStringCommandType, str] | None = None

    def set_label(self, label: str) -> None:
        self.fake_label = str(Text(label))

    def set_tool_tip(self, tool_tip: str) -> None:
        self.fake_tool_tip = str(tool_tip)

    def set_string_command(self, type: ToolMenuStringCommandType, custom_type: str, string: str) -> None:  # noqa: A002
        self.fake_command = (type, string)


class ToolMenuEntryExtensions(Object):
    @classmethod
    def init_menu_entry(cls, owner: str, name: str, label: str, tool_tip: str, command_type: ToolMenuStringCommandType,
                        custom_command_type: str, command_string: str) -> ToolMenuEntry:
        entry = ToolMenuEntry(name, ToolMenuOwner(owner), MultiBlockType.MENU_ENTRY)
        entry.set_label(label)
        entry.set_tool_tip(tool_tip)
        entry.set_string_command(command_type, custom_command_type, command_string)
        return entry


class ToolMenu(Object):
    def __init__(self, outer: Any = None, name: str = "") -> None:
        super().__init__(outer, name)
        self.fake_owner = ""
        self.fake_label = ""
        self.fake_sections: dict[str, list[ToolMenuEntry]] = {}
        self.fake_sub_menus: list[ToolMenu] = []

    def add_section(self, section_name: str, label: str = "", insert_name: str = "None",
                    insert_type: ToolMenuInsertType = ToolMenuInsertType.DEFAULT, alignment: Any = None) -> None:
        self.fake_sections.setdefault(str(section_name), [])

    def add_sub_menu(self, owner: str, section_name: str, name: str, label: str, tool_tip: str = "") -> ToolMenu:
        sub = ToolMenu(self, f"{self.fake_name}.{name}")
        sub.fake_owner, sub.fake_label = str(owner), str(label)
        self.fake_sub_menus.append(sub)
        STATE.menus.fake_registered[sub.fake_name] = sub
        return sub

    def add_menu_entry(self, section_name: str, args: ToolMenuEntry) -> None:
        self.fake_sections.setdefault(str(section_name), []).append(args)

    def fake_entries(self) -> list[ToolMenuEntry]:
        return [e for entries in self.fake_sections.values() for e in entries]


class ToolMenus(Object):
    def __init__(self, outer: Any = None, name: str = "ToolMenus") -> None:
        super().__init__(outer, name)
        self.fake_registered: dict[str, ToolMenu] = {"LevelEditor.MainMenu": ToolMenu(self, "LevelEditor.MainMenu")}
        self.fake_refreshes = 0

    @classmethod
    def get(cls) -> ToolMenus:
        if STATE.menus is None:
            STATE.menus = cls()
        return STATE.menus

    def find_menu(self, name: str) -> Any:
        if not STATE.menus_ready:
            return None
        return self.fake_registered.get(str(name))

    def register_menu(self, name: str, parent: str = "None", type: Any = None,  # noqa: A002
                      warn_if_already_registered: bool = True) -> ToolMenu:
        return self.fake_registered.setdefault(str(name), ToolMenu(self, str(name)))

    def unregister_owner_by_name(self, owner_name: str) -> None:
        owner = str(owner_name)
        for menu in list(self.fake_registered.values()):
            for sub in [s for s in menu.fake_sub_menus if s.fake_owner == owner]:
                menu.fake_sub_menus.remove(sub)
                self.fake_registered.pop(sub.fake_name, None)
            for section in menu.fake_sections.values():
                section[:] = [e for e in section if e.owner is None or str(e.owner.name) != owner]

    def refresh_all_widgets(self) -> None:
        self.fake_refreshes += 1


def fake_menu(name: str) -> ToolMenu | None:
    return ToolMenus.get().fake_registered.get(name)


def fake_click(menu_name: str, entry_name: str) -> None:
    """Run the Python command of ``entry_name`` in ``menu_name`` as a click would."""
    menu = fake_menu(menu_name)
    if menu is None:
        raise LookupError(f"no menu {menu_name!r}")
    entry = next((e for e in menu.fake_entries() if str(e.name) == entry_name), None)
    if entry is None or entry.fake_command is None:
        raise LookupError(f"no entry {entry_name!r} with a command in {menu_name!r}")
    kind, command = entry.fake_command
    assert kind is ToolMenuStringCommandType.PYTHON, kind
    exec(compile(command, f"<menu {entry_name}>", "exec"), {})
