"""The line at the bottom of each window: what it is doing, what it did, or what failed and how to fix it.

An error stays until dismissed or until the next action succeeds, and offers Retry when the action can
be repeated as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore, QtWidgets

from ..colours import ERROR_BACKGROUND, ERROR_TEXT


class StatusLine(QtWidgets.QFrame):
    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._retry: Callable[[], None] | None = None
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: something is running
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.label = QtWidgets.QLabel()
        self.label.setObjectName("statusLabel")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet(f"color: {ERROR_TEXT};")
        self.retry_button = QtWidgets.QPushButton("Retry")
        self.retry_button.clicked.connect(self._on_retry)
        self.dismiss_button = QtWidgets.QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.clear_error)

        self.error_box = QtWidgets.QFrame()
        self.error_box.setObjectName("errorBox")
        self.error_box.setStyleSheet(f"#errorBox {{ background: {ERROR_BACKGROUND}; border-radius: 4px; }}")
        row = QtWidgets.QHBoxLayout(self.error_box)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.error, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.dismiss_button)
        self.error_box.hide()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        info = QtWidgets.QHBoxLayout()
        info.addWidget(self.busy)
        info.addWidget(self.label, 1)
        layout.addWidget(self.error_box)
        layout.addLayout(info)

    def set_busy(self, busy: bool, text: str | None = None) -> None:
        self.busy.setVisible(busy)
        if text is not None:
            self.label.setText(text)

    def show_info(self, text: str) -> None:
        self.label.setText(text)

    def show_error(self, text: str, retry: Callable[[], None] | None = None) -> None:
        self._retry = retry
        self.set_busy(False, "")
        self.error.setText(text)
        self.retry_button.setVisible(retry is not None)
        self.error_box.show()

    def clear_error(self) -> None:
        self._retry = None
        self.error.clear()
        self.error_box.hide()

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error_box.isVisibleTo(self) else ""

    @property
    def retry_action(self) -> Callable[[], None] | None:
        return self._retry

    def _on_retry(self) -> None:
        retry = self._retry
        self.clear_error()
        if retry is not None:
            retry()
