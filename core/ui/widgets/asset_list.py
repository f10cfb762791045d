"""The Loader's asset list: name with thumbnail, kind, folder, latest and approved versions, "in scene".

Plain drawing: it is given assets, thumbnails and what the scene has loaded, and says which rows are
on screen (so thumbnails are fetched only for those).
"""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore, QtGui, QtWidgets

from ...models import AssetPublic
from ..colours import IN_SCENE, STATUS_COLOURS
from ..text import version_number

COLUMNS = ["Asset", "Kind", "Folder", "Latest", "Approved", "In scene"]
ASSET_ROLE = QtCore.Qt.ItemDataRole.UserRole
ICON_SIZE = 40


class AssetList(QtWidgets.QTreeWidget):
    visible_rows_changed = QtCore.Signal()
    copy_requested = QtCore.Signal(list)  # the selected AssetPublic

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("assetList")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(0, QtCore.Qt.SortOrder.AscendingOrder)
        self.setIconSize(QtCore.QSize(ICON_SIZE, ICON_SIZE))
        # Whole names: the name column fits its longest name (a scroll bar before an ellipsis).
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        for column in range(1, len(COLUMNS)):
            self.setColumnWidth(column, 72)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        # the window's actions for the selection (Load, Download to…, review …), added before Copy
        self.menu_builder: Callable[[QtWidgets.QMenu, list[AssetPublic]], None] | None = None
        self._placeholder = _placeholder_icon()
        self._rows: dict[int, QtWidgets.QTreeWidgetItem] = {}
        self._thumbs: dict[int, str] = {}
        self.verticalScrollBar().valueChanged.connect(lambda _: self.visible_rows_changed.emit())

    def set_assets(self, assets: list[AssetPublic], in_scene: dict[int, set[int]]) -> None:
        selected = self.selected_asset()
        self.setSortingEnabled(False)
        self.clear()
        self._rows = {}
        self._thumbs = {}
        for asset in assets:
            item = QtWidgets.QTreeWidgetItem([asset.name, asset.kind, asset.folder or "/",
                                              _latest_text(asset), version_number(asset.latest_approved), ""])
            item.setData(0, ASSET_ROLE, asset)
            item.setIcon(0, self._placeholder)
            item.setToolTip(0, asset.reference)
            if asset.latest_status is not None:
                item.setForeground(3, QtGui.QColor(STATUS_COLOURS[asset.latest_status.value]))
            if asset.latest_approved is not None:
                item.setForeground(4, QtGui.QColor(STATUS_COLOURS["approved"]))
            self.addTopLevelItem(item)
            self._rows[asset.id] = item
        self.setSortingEnabled(True)
        for column in range(1, len(COLUMNS)):
            self.resizeColumnToContents(column)
        self.set_in_scene(in_scene)
        if selected is not None and selected.id in self._rows:
            self.setCurrentItem(self._rows[selected.id])
        self.visible_rows_changed.emit()

    def set_in_scene(self, in_scene: dict[int, set[int]]) -> None:
        for asset_id, item in self._rows.items():
            loaded = sorted(in_scene.get(asset_id, ()))
            item.setText(5, "●" if loaded else "")
            item.setForeground(5, QtGui.QColor(IN_SCENE))
            item.setToolTip(5, "loaded in the scene: " + ", ".join(version_number(n) for n in loaded)
                            if loaded else "not in the scene")

    def set_thumbnail_shas(self, shas: dict[int, str]) -> None:
        self._thumbs = dict(shas)
        self.visible_rows_changed.emit()

    def set_thumbnail(self, sha256: str, pixmap: QtGui.QPixmap) -> None:
        for asset_id, sha in self._thumbs.items():
            if sha == sha256 and asset_id in self._rows:
                self._rows[asset_id].setIcon(0, QtGui.QIcon(pixmap))

    def visible_thumbnails(self) -> list[str]:
        """The thumbnails of the rows on screen, top first."""
        area = self.viewport().rect()
        shas = []
        for asset_id, item in self._rows.items():
            sha = self._thumbs.get(asset_id)
            if sha and not item.isHidden() and self.visualItemRect(item).intersects(area):
                shas.append(sha)
        return list(dict.fromkeys(shas))

    def selected_asset(self) -> AssetPublic | None:
        item = self.currentItem()
        return item.data(0, ASSET_ROLE) if item is not None else None

    def selected_assets(self) -> list[AssetPublic]:
        return [item.data(0, ASSET_ROLE) for item in self.selectedItems()]

    def context_menu(self) -> QtWidgets.QMenu:
        """The right-click menu for the selection (built here so a test can read it without a click)."""
        menu = QtWidgets.QMenu(self)
        chosen = self.selected_assets()
        if self.menu_builder is not None:
            self.menu_builder(menu, chosen)
            menu.addSeparator()
        copy = menu.addAction(f"Copy reference{'s' if len(chosen) != 1 else ''} ({len(chosen)})"
                              if len(chosen) != 1 else "Copy reference")
        copy.setEnabled(bool(chosen))
        copy.triggered.connect(lambda: self.copy_requested.emit(chosen))
        return menu

    def _menu(self, position: QtCore.QPoint) -> None:
        self.context_menu().popup(self.viewport().mapToGlobal(position))

    def select(self, asset_name: str) -> bool:
        for item in self._rows.values():
            if item.data(0, ASSET_ROLE).name == asset_name:
                self.setCurrentItem(item)
                return True
        return False

    def names(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.visible_rows_changed.emit()


def _latest_text(asset: AssetPublic) -> str:
    if asset.latest_version is None:
        return "—"
    status = asset.latest_status.value if asset.latest_status else ""
    return f"{version_number(asset.latest_version)} · {status}" if status else version_number(asset.latest_version)


def _placeholder_icon() -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(QtGui.QColor("#d9dce1"))
    painter = QtGui.QPainter(pixmap)
    painter.setPen(QtGui.QColor("#a3a8b0"))
    painter.drawRect(0, 0, ICON_SIZE - 1, ICON_SIZE - 1)
    painter.end()
    return QtGui.QIcon(pixmap)
