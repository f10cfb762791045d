"""The Inventory's tree: one row per asset, under it one row per container that loaded it.

Columns compare what is loaded with the latest and the latest approved version; colour says the state
(outdated, not approved, missing). A filter hides what does not match; "only outdated" keeps rows
whose state is outdated. An asset row shows the worst state of its containers.
"""

from __future__ import annotations

from collections import defaultdict

from qtpy import QtCore, QtGui, QtWidgets

from ...inventory import InventoryItem
from ..colours import STATE_COLOURS, STATE_LABELS, STATUS_COLOURS, worst_state
from ..text import version_number

COLUMNS = ["Asset / container", "Loaded", "Status", "Latest", "Approved", "Representation", "Loader", "State"]
ITEM_ROLE = QtCore.Qt.ItemDataRole.UserRole


class InventoryTree(QtWidgets.QTreeWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inventoryTree")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(False)
        self._items: list[InventoryItem] = []
        self._text = ""
        self._only_outdated = False

    def set_items(self, items: list[InventoryItem]) -> None:
        selected = set(self.selected_ids())
        self._items = list(items)
        self.clear()
        groups: dict[str, list[InventoryItem]] = defaultdict(list)
        for item in items:
            groups[item.asset or "(unreadable containers)"].append(item)
        for asset in sorted(groups):
            members = groups[asset]
            top = QtWidgets.QTreeWidgetItem([f"{asset}  ({len(members)})"] + [""] * (len(COLUMNS) - 1))
            first = members[0]
            top.setText(3, version_number(first.latest))
            top.setText(4, version_number(first.latest_approved))
            state = worst_state([m.state for m in members])
            _paint_state(top, state)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~QtCore.Qt.ItemFlag.ItemIsSelectable | QtCore.Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(top)
            for member in sorted(members, key=lambda m: m.name):
                row = QtWidgets.QTreeWidgetItem([
                    member.name, version_number(member.loaded), member.status.value if member.status else "",
                    version_number(member.latest), version_number(member.latest_approved), member.representation,
                    member.loader, STATE_LABELS.get(member.state, member.state)])
                row.setData(0, ITEM_ROLE, member)
                if member.status is not None:
                    row.setForeground(2, QtGui.QColor(STATUS_COLOURS[member.status.value]))
                _paint_state(row, member.state)
                tip = member.message or _why(member)
                for column in range(len(COLUMNS)):
                    row.setToolTip(column, tip)
                top.addChild(row)
                row.setSelected(member.container_id in selected)
        self.expandAll()
        for column in range(1, len(COLUMNS)):
            self.resizeColumnToContents(column)
        self._apply_filter()

    def set_filter(self, text: str = "", only_outdated: bool = False) -> None:
        self._text, self._only_outdated = text.strip().lower(), only_outdated
        self._apply_filter()

    def _apply_filter(self) -> None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            shown = 0
            for j in range(top.childCount()):
                row = top.child(j)
                member: InventoryItem = row.data(0, ITEM_ROLE)
                visible = (not self._only_outdated or member.state == "outdated") and (
                    not self._text or self._text in f"{member.asset} {member.name} {member.loader}".lower())
                row.setHidden(not visible)
                shown += visible
            top.setHidden(shown == 0)

    # --- what the artist picked -----------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        ids = []
        for row in self.selectedItems():
            member = row.data(0, ITEM_ROLE)
            if member is not None and not row.isHidden():
                ids.append(member.container_id)
        return ids

    def selected_items(self) -> list[InventoryItem]:
        return [row.data(0, ITEM_ROLE) for row in self.selectedItems()
                if row.data(0, ITEM_ROLE) is not None and not row.isHidden()]

    def visible_items(self) -> list[InventoryItem]:
        found = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            found += [top.child(j).data(0, ITEM_ROLE) for j in range(top.childCount()) if not top.child(j).isHidden()]
        return found

    def select_ids(self, ids: list[str]) -> None:
        self.clearSelection()
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, ITEM_ROLE).container_id in ids:
                    top.child(j).setSelected(True)

    def row_of(self, container_id: str) -> QtWidgets.QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, ITEM_ROLE).container_id == container_id:
                    return top.child(j)
        return None


def _paint_state(row: QtWidgets.QTreeWidgetItem, state: str) -> None:
    colour = QtGui.QColor(STATE_COLOURS.get(state, "#000000"))
    row.setText(7, STATE_LABELS.get(state, state))
    row.setForeground(7, colour)
    row.setForeground(1, colour)
    if state in ("missing", "missing_files", "unreadable", "outdated"):
        tint = QtGui.QColor(colour)
        tint.setAlpha(38)
        for column in range(len(COLUMNS)):
            row.setBackground(column, tint)


def _why(item: InventoryItem) -> str:
    if item.state == "outdated":
        return f"{version_number(item.loaded)} is loaded; {version_number(item.latest)} is the latest"
    if item.state == "not_approved":
        return f"{version_number(item.loaded)} is the latest but {item.status.value if item.status else 'not approved'}"
    return "the latest version, approved"
