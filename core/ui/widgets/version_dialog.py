"""Pick a version for "Set version": every version of the asset with its status; approved stand out."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from ...models import Status, VersionPublic
from ..colours import APPROVED_BACKGROUND, STATUS_COLOURS
from ..text import version_label


class VersionDialog(QtWidgets.QDialog):
    def __init__(self, asset: str, versions: list[VersionPublic], current: int | None = None,
                 parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Set version — {asset}")
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("versionCombo")
        latest = max((v.number for v in versions), default=None)
        approved = max((v.number for v in versions if v.status == Status.approved), default=None)
        for index, version in enumerate(versions):
            self.combo.addItem(version_label(version, latest=latest, approved=approved,
                                             loaded=version.number == current), version.number)
            colour = QtGui.QColor(STATUS_COLOURS[version.status.value])
            self.combo.setItemData(index, colour, QtCore.Qt.ItemDataRole.ForegroundRole)
            if version.status == Status.approved:  # as in the Loader's picker: bold on green
                font = self.combo.font()
                font.setBold(True)
                self.combo.setItemData(index, font, QtCore.Qt.ItemDataRole.FontRole)
                self.combo.setItemData(index, QtGui.QColor(APPROVED_BACKGROUND), QtCore.Qt.ItemDataRole.BackgroundRole)
            if version.number == current:
                self.combo.setCurrentIndex(index)
        comment = QtWidgets.QLabel()
        comment.setWordWrap(True)

        def describe(index: int) -> None:
            if 0 <= index < len(versions):
                v = versions[index]
                comment.setText(f"{v.author}, {v.created_at:%Y-%m-%d %H:%M}: {v.comment or '(no comment)'}")

        self.combo.currentIndexChanged.connect(describe)
        describe(self.combo.currentIndex())
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel(f"Switch the selected containers of <b>{asset}</b> to:"))
        layout.addWidget(self.combo)
        layout.addWidget(comment)
        layout.addWidget(buttons)

    def number(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None
