"""Approve or reject the version on show, with a note saying why — for supervisors (hidden for others).

It only says what was asked (``review_requested(version, status, note)``); the window sends it.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from ...models import Role, VersionPublic


class ReviewBar(QtWidgets.QWidget):
    review_requested = QtCore.Signal(object, str, str)  # version, "approved" | "rejected", note

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.note = QtWidgets.QLineEdit(objectName="reviewNote", placeholderText="why (shown beside the status)")
        self.approve = QtWidgets.QPushButton("Approve", objectName="approveButton")
        self.reject = QtWidgets.QPushButton("Reject", objectName="rejectButton")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.approve)
        layout.addWidget(self.reject)
        self._version: VersionPublic | None = None
        self._allowed = False
        self.approve.clicked.connect(lambda: self._ask("approved"))
        self.reject.clicked.connect(lambda: self._ask("rejected"))
        self._update()

    def set_role(self, role: Role | None) -> None:
        """Shown only to supervisors and admins: the server would refuse anyone else."""
        self._allowed = role is not None and role.rank >= Role.supervisor.rank
        self._update()

    def set_version(self, version: VersionPublic | None) -> None:
        self._version = version
        self.note.clear()
        self._update()

    def _update(self) -> None:
        self.setVisible(self._allowed)
        status = self._version.status.value if self._version else None
        self.approve.setEnabled(self._version is not None and status != "approved")
        self.reject.setEnabled(self._version is not None and status != "rejected")

    def _ask(self, status: str) -> None:
        if self._version is not None:
            self.review_requested.emit(self._version, status, self.note.text().strip())
