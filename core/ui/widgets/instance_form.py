"""The options of one publish instance: asset, folder, kind, status, comment, tags, metadata, its files.

Edits are saved in the workfile when the artist presses Save (``save_requested(id, changes)``); only
the fields that changed are sent, and the creator validates them like a new instance. Metadata is
written ``KEY=VALUE``, one a line, as ``brickyard publish --meta`` takes it: a VALUE that reads as
JSON (a number, true, a list) keeps its type, anything else is text.
"""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtWidgets

from ...key_values import format_key_value, parse_key_value
from ...publish.instance import InstanceSpec


def metadata_text(metadata: dict[str, Any]) -> str:
    return "\n".join(format_key_value(key, value) for key, value in metadata.items())


def parse_metadata(text: str) -> dict[str, Any]:
    """``{key: value}`` from ``KEY=VALUE`` lines; ``ValueError`` naming the line that is not one."""
    metadata: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            key, value = parse_key_value(line)
        except ValueError:
            raise ValueError(f"metadata line {number} ({line.strip()!r}) must look like KEY=VALUE, "
                             "e.g. base_model=sdxl") from None
        metadata[key] = value
    return metadata


class InstanceForm(QtWidgets.QGroupBox):
    save_requested = QtCore.Signal(str, dict)
    invalid = QtCore.Signal(str)  # what the artist typed cannot be saved, and why

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
        self.metadata = QtWidgets.QPlainTextEdit(objectName="instanceMetadata")
        self.metadata.setPlaceholderText("KEY=VALUE, one a line (e.g. base_model=sdxl)")
        self.metadata.setTabChangesFocus(True)
        self.metadata.setFixedHeight(3 * self.metadata.fontMetrics().lineSpacing() + 12)
        self.thumbnail = QtWidgets.QLineEdit(objectName="instanceThumbnail",
                                             placeholderText="an image to show for the version (optional)")
        browse = QtWidgets.QToolButton(text="…", objectName="browseThumbnail")
        browse.clicked.connect(self._browse_thumbnail)
        thumbnail_row = QtWidgets.QHBoxLayout()
        thumbnail_row.addWidget(self.thumbnail, 1)
        thumbnail_row.addWidget(browse)
        self.files = QtWidgets.QLabel(objectName="instanceFiles")
        self.files.setWordWrap(True)
        self.files.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QtWidgets.QPushButton("Save", objectName="saveInstance")
        layout = QtWidgets.QFormLayout(self)
        for label, widget in (("Asset", self.asset), ("Folder", self.folder), ("Kind", self.kind),
                              ("Status", self.status), ("Comment", self.comment), ("Tags", self.tags),
                              ("Metadata", self.metadata), ("Thumbnail", thumbnail_row), ("Files", self.files)):
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
        self.metadata.setPlainText(metadata_text(spec.metadata) if spec else "")
        self.thumbnail.setText(spec.thumbnail if spec else "")
        lines = [f"<b>{name}</b>: {', '.join(paths) or '(written by the extractors)'}"
                 for name, paths in (spec.representations.items() if spec else [])]
        self.files.setText("<br>".join(lines) or ("(written by the extractors)" if spec else ""))

    def changes(self) -> dict[str, Any]:
        """What the artist changed; ``ValueError`` when the metadata cannot be read."""
        if self._spec is None:
            return {}
        edited = {"asset": self.asset.text().strip(), "folder": self.folder.text().strip().strip("/"),
                  "kind": self.kind.currentText().strip(), "status": self.status.currentText(),
                  "comment": self.comment.text(),
                  "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
                  "metadata": parse_metadata(self.metadata.toPlainText()),
                  "thumbnail": self.thumbnail.text().strip()}
        return {k: v for k, v in edited.items() if getattr(self._spec, k) != v}

    def _browse_thumbnail(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Thumbnail", "", "Images (*.png *.jpg *.jpeg *.webp)")
        if path:
            self.thumbnail.setText(path)

    def _save(self) -> None:
        if self._spec is None:
            return
        try:
            changes = self.changes()
        except ValueError as exc:
            self.invalid.emit(f"Not saved: {exc}")
            return
        self.save_requested.emit(self._spec.id, changes)
