"""The options of one publish instance: asset, folder, kind, status, comment, tags, and its files.

Edits are saved in the workfile when the artist presses Save (``save_requested(id, changes)``); only
the fields that changed are sent, and the creator validates them like a new instance.
"""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtWidgets

from ...publish.instance import InstanceSpec


class InstanceForm(QtWidgets.QGroupBox):
    save_requested = QtCore.Signal(str, dict)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__("Instance", parent)
        self.setObjectName("instanceForm")
        self.asset = QtWidgets.QLineEdit(objectName="instanceAsset")
        self.folder = QtWidgets.QLineEdit(objectName="instanceFolder")
        self.kind = QtWidgets.QComboBox(objectName="instanceKind", editable=True)
        self.status = QtWidgets.QComboBox(objectName="instanceStatus")
        self.status.addItems(["wip", "review"])
        self.comment = QtWidgets.QLineEdit(objectName="instanceComment")
        self.tags = QtWidgets.QLineEdit(objectName="instanceTags", placeholderText="comma separated")
        self.files = QtWidgets.QLabel(objectName="instanceFiles")
        self.files.setWordWrap(True)
        self.files.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QtWidgets.QPushButton("Save", objectName="saveInstance")
        layout = QtWidgets.QFormLayout(self)
        for label, widget in (("Asset", self.asset), ("Folder", self.folder), ("Kind", self.kind),
                              ("Status", self.status), ("Comment", self.comment), ("Tags", self.tags),
                              ("Files", self.files)):
            layout.addRow(label, widget)
        layout.addRow("", self.save_button)
        self.save_button.clicked.connect(self._save)
        self._spec: InstanceSpec | None = None
        self.show_instance(None)

    def set_kinds(self, kinds: list[str]) -> None:
        current = self.kind.currentText()
        with QtCore.QSignalBlocker(self.kind):
            self.kind.clear()
            self.kind.addItems(kinds)
            self.kind.setEditText(current)

    def show_instance(self, spec: InstanceSpec | None) -> None:
        self._spec = spec
        self.setEnabled(spec is not None)
        self.setTitle(f"Instance — {spec.title}" if spec else "Instance")
        self.asset.setText(spec.asset if spec else "")
        self.folder.setText(spec.folder if spec else "")
        self.kind.setEditText(spec.kind if spec else "")
        self.status.setCurrentText(spec.status if spec else "wip")
        self.comment.setText(spec.comment if spec else "")
        self.tags.setText(", ".join(spec.tags) if spec else "")
        lines = [f"<b>{name}</b>: {', '.join(paths) or '(written by the extractors)'}"
                 for name, paths in (spec.representations.items() if spec else [])]
        self.files.setText("<br>".join(lines) or ("(written by the extractors)" if spec else ""))

    def changes(self) -> dict[str, Any]:
        if self._spec is None:
            return {}
        edited = {"asset": self.asset.text().strip(), "folder": self.folder.text().strip().strip("/"),
                  "kind": self.kind.currentText().strip(), "status": self.status.currentText(),
                  "comment": self.comment.text(),
                  "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()]}
        return {k: v for k, v in edited.items() if getattr(self._spec, k) != v}

    def _save(self) -> None:
        if self._spec is not None:
            self.save_requested.emit(self._spec.id, self.changes())
