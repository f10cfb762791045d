"""The Loader's "Review notes": a version's comments (author, frame, text), each drawn one with the
drawing flattened over its frame as a small picture, which the window fetches in the background."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

ICON = 96  # the drawing's picture, longest side
NOTE_ROLE = QtCore.Qt.ItemDataRole.UserRole  # the annotation id of a drawn note


def note_text(note) -> str:
    """``sam · frames 12–14 · drawing: move the arm`` (a decision shows its status: ``sam · approved``)."""
    c = note.comment
    parts = [c.author] + ([c.status.value] if c.status else [])
    if c.frame is not None:
        parts.append(f"frames {c.frame}–{c.frame_end}" if c.frame_end is not None else f"frame {c.frame}")
    if note.drawing is not None:
        parts.append("drawing")
    return " · ".join(parts) + (f": {c.text}" if c.text else "")


class ReviewNotes(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.heading = QtWidgets.QLabel("Review notes", objectName="reviewNotesHeading")
        self.list = QtWidgets.QListWidget(objectName="reviewNotes")
        self.list.setIconSize(QtCore.QSize(ICON, ICON))
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(180)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.version_id: int | None = None

    def clear(self, version_id: int | None = None, text: str = "") -> None:
        self.version_id = version_id
        self.list.clear()
        self.heading.setText(f"Review notes{text}")

    def set_notes(self, version_id: int, notes: list) -> list[int]:
        """Shows the notes if they are the shown version's; the ids of the drawings whose pictures to fetch."""
        if version_id != self.version_id:
            return []  # an answer for a version no longer shown
        self.list.clear()
        self.heading.setText(f"Review notes ({len(notes)})" if notes else "Review notes: none yet")
        drawn = []
        for note in notes:
            item = QtWidgets.QListWidgetItem(note_text(note))
            if note.drawing is not None:
                item.setData(NOTE_ROLE, note.drawing.id)
                d = note.drawing
                item.setToolTip(f"drawing by {d.author} on frame {d.frame} (loading its picture…)")
                drawn.append(note.drawing.id)
            self.list.addItem(item)
        return drawn

    def set_drawing(self, annotation_id: int, image: QtGui.QImage) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(NOTE_ROLE) == annotation_id:
                item.setIcon(QtGui.QIcon(QtGui.QPixmap.fromImage(image)))
                item.setToolTip(item.toolTip().replace(" (loading its picture…)", ""))

    def drawn_items(self) -> list[QtWidgets.QListWidgetItem]:
        return [self.list.item(r) for r in range(self.list.count()) if self.list.item(r).data(NOTE_ROLE) is not None]
