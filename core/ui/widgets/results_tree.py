"""Validation and publish results, per plugin and, under it, per instance; a Repair button where one helps.

Results arrive one by one while a run goes on (``add``); a plugin's row shows the worst of its instances.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from ...publish.report import PluginResult
from ..colours import STATE_COLOURS

COLUMNS = ["Check", "Result", "Message", "Time", "Fix"]
PASSED, FAILED = "✔ passed", "✖ failed"


class ResultsTree(QtWidgets.QTreeWidget):
    repair_requested = QtCore.Signal(str)  # plugin name

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resultsTree")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        header = self.header()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self._plugins: dict[str, QtWidgets.QTreeWidgetItem] = {}
        self._repairs: dict[str, QtWidgets.QPushButton] = {}

    def clear(self) -> None:
        super().clear()
        self._plugins = {}
        self._repairs = {}

    def add(self, result: PluginResult) -> None:
        top = self._plugins.get(result.plugin)
        if top is None:
            top = QtWidgets.QTreeWidgetItem([f"{result.label}", "", "", "", ""])
            top.setToolTip(0, f"{result.plugin} ({result.stage})")
            top.setData(0, QtCore.Qt.ItemDataRole.UserRole, result.plugin)
            self.addTopLevelItem(top)
            self._plugins[result.plugin] = top
        failed = not result.passed or top.text(1) == FAILED
        _mark(top, not failed)
        top.setText(3, _ms(sum(_duration(top.child(i)) for i in range(top.childCount())) + result.duration_ms))
        if result.instance is not None:
            child = QtWidgets.QTreeWidgetItem([result.instance_label or result.instance, "", result.message, "", ""])
            child.setData(3, QtCore.Qt.ItemDataRole.UserRole, result.duration_ms)
            _mark(child, result.passed)
            child.setText(3, _ms(result.duration_ms))
            child.setToolTip(2, "\n".join([result.message, *result.messages]).strip())
            top.addChild(child)
        elif not result.passed:
            top.setText(2, result.message)
            top.setToolTip(2, result.message)
        if not result.passed:
            top.setExpanded(True)
            if not top.text(2):
                top.setText(2, f"failed on {sum(1 for i in range(top.childCount()) if top.child(i).text(1) == FAILED)}"
                               " instance(s)")
        if result.repair and result.plugin not in self._repairs:
            button = QtWidgets.QPushButton(result.repair)
            button.setObjectName(f"repair_{result.plugin}")
            button.clicked.connect(lambda _=False, plugin=result.plugin: self.repair_requested.emit(plugin))
            self.setItemWidget(top, 4, button)
            self._repairs[result.plugin] = button

    def repair_button(self, plugin: str) -> QtWidgets.QPushButton | None:
        return self._repairs.get(plugin)

    def outcome(self) -> dict[str, str]:
        """``{plugin label: "✔ passed" | "✖ failed"}`` as shown."""
        return {self.topLevelItem(i).text(0): self.topLevelItem(i).text(1) for i in range(self.topLevelItemCount())}


def _mark(item: QtWidgets.QTreeWidgetItem, passed: bool) -> None:
    item.setText(1, PASSED if passed else FAILED)
    item.setForeground(1, QtGui.QColor(STATE_COLOURS["current" if passed else "missing"]))


def _duration(item: QtWidgets.QTreeWidgetItem) -> float:
    return float(item.data(3, QtCore.Qt.ItemDataRole.UserRole) or 0.0)


def _ms(value: float) -> str:
    return f"{value:.0f} ms"
