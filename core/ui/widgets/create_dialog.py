"""New publish instance: which creator, the asset, folder and kind, and (for file creators) the files.

A file's representation is named by its extension (``hero.blend`` → ``blend``), as on the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qtpy import QtWidgets

from ...controllers.publisher_controller import CreatorInfo
from ...host import HostContext
from ..colours import ERROR_TEXT


class CreateDialog(QtWidgets.QDialog):
    def __init__(self, creators: list[CreatorInfo], kinds: list[str], context: HostContext,
                 parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New publish instance")
        self.creator = QtWidgets.QComboBox(objectName="creatorCombo")
        for info in creators:
            self.creator.addItem(info.label, info)
        self.asset = QtWidgets.QLineEdit(context.asset, objectName="createAsset")
        self.folder = QtWidgets.QLineEdit(context.folder, objectName="createFolder")
        self.kind = QtWidgets.QComboBox(objectName="createKind", editable=True)
        self.kind.addItems(kinds)
        self.files = QtWidgets.QListWidget(objectName="createFiles")
        add = QtWidgets.QPushButton("Add files…")
        add.clicked.connect(self._browse)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # why a drop could not become an instance by itself (hidden otherwise)
        self.reason = QtWidgets.QLabel(objectName="createReason", wordWrap=True)
        self.reason.setStyleSheet(f"color: {ERROR_TEXT};")
        self.reason.hide()
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.reason)
        form.addRow("Creator", self.creator)
        form.addRow("Asset", self.asset)
        form.addRow("Folder", self.folder)
        form.addRow("Kind", self.kind)
        form.addRow("Files", self.files)
        form.addRow("", add)
        form.addRow(buttons)
        self.creator.currentIndexChanged.connect(self._creator_picked)
        self._creator_picked()

    def prefill(self, asset: str, kind: str, files: list[str], reason: str) -> None:
        """What a drop proposed, and why the artist must finish it."""
        self.asset.setText(asset)
        if kind:
            self.kind.setEditText(kind)
        self.add_files(files)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))

    def add_files(self, paths: list[str]) -> None:
        for path in paths:
            self.files.addItem(str(Path(path).resolve()))

    def options(self) -> tuple[str, dict[str, Any]]:
        """The creator's identifier and what to create it with."""
        info: CreatorInfo = self.creator.currentData()
        representations: dict[str, list[str]] = {}
        for i in range(self.files.count()):
            path = self.files.item(i).text()
            representations.setdefault(Path(path).suffix.lstrip(".").lower() or "files", []).append(path)
        options: dict[str, Any] = {"asset": self.asset.text().strip(), "folder": self.folder.text().strip().strip("/"),
                                   "kind": self.kind.currentText().strip() or None}
        if representations:
            options["representations"] = representations
        return info.identifier, options

    def _creator_picked(self) -> None:
        info = self.creator.currentData()
        if info is not None and info.kind:
            self.kind.setEditText(info.kind)

    def _browse(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Files to publish")
        self.add_files(paths)
