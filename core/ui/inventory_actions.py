"""The Inventory's right-click menu beyond switching: Copy reference, Open in web review, Download to…,
and (supervisors and admins only) Approve / Reject the version a container holds.

Each acts on the selected rows' held versions, through the window's ``_run`` (off the UI thread, beside
the host's lane: none of them reads the scene). Dialogs are asked through ``choose`` (tests), else ``exec``.
"""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtWidgets

from ..inventory import InventoryItem
from ..models import Role
from ..reference import Reference
from .loader_actions import open_in_browser


class InventoryActions:
    def __init__(self, window) -> None:
        self.window = window
        self.open_url: Callable[[str], None] = open_in_browser  # a test records instead
        self.choose: Callable[[QtWidgets.QDialog], bool] | None = None
        menu = window.selected_menu
        menu.addSeparator()
        self.copy_action = menu.addAction("Copy reference", self.copy)
        self.web_action = menu.addAction("Open in web review", self.open_web)
        self.download_action = menu.addAction("Download to…", self.download_dialog)
        self.approve_action = menu.addAction("Approve the version held", lambda: self.review("approved"))
        self.reject_action = menu.addAction("Reject the version held…", self.reject_dialog)
        self.set_role(None)
        window.tree.itemSelectionChanged.connect(self.selection_changed)
        self.selection_changed()
        # Quietly: without an answer approve / reject stay hidden; the window's own reads say what failed.
        project = window.controller.host.context().project
        window.jobs.run(window.controller.role, project, key="role", on_done=self.set_role,
                        on_error=lambda exc: self.set_role(None))

    def set_role(self, role: Role | None) -> None:
        """Approve and reject are offered to supervisors and admins only: the server would refuse others."""
        allowed = role is not None and role.rank >= Role.supervisor.rank
        self.approve_action.setVisible(allowed)
        self.reject_action.setVisible(allowed)

    def selection_changed(self) -> None:
        items = self._held()
        self.copy_action.setText(f"Copy references ({len(items)})" if len(items) > 1 else "Copy reference")
        for action in (self.copy_action, self.download_action, self.approve_action, self.reject_action):
            action.setEnabled(bool(items))
        self.web_action.setEnabled(len(items) == 1)

    def _held(self) -> list[InventoryItem]:
        """The selected rows that hold a readable version (one row per version: duplicates count once)."""
        seen: dict[str, InventoryItem] = {}
        for item in self.window.tree.selected_items():
            if item.reference:
                seen.setdefault(_version_of(item), item)
        return list(seen.values())

    # --- acting ----------------------------------------------------------------------------------
    def copy(self) -> None:
        references = [_version_of(i) for i in self._held()]
        QtWidgets.QApplication.clipboard().setText("\n".join(references))
        self.window.status_line.show_info(f"Copied {len(references)} reference(s)")

    def open_web(self) -> None:
        items = self._held()
        if items:
            url = self.window.controller.web_url(items[0])
            self.open_url(url)
            self.window.status_line.show_info(f"Opened {url}")

    def download_dialog(self) -> None:
        dialog = QtWidgets.QFileDialog(self.window, "Download to", "", objectName="downloadDialog")
        dialog.setFileMode(QtWidgets.QFileDialog.FileMode.Directory)
        dialog.setOption(QtWidgets.QFileDialog.Option.ShowDirsOnly, True)
        if self._ask(dialog) and dialog.selectedFiles():
            self.download(dialog.selectedFiles()[0])

    def download(self, folder: str) -> None:
        for item in self._held():
            def done(paths, item=item) -> None:
                self.window.status_line.show_info(f"Downloaded {item.asset} v{item.loaded:03d}: {len(paths)} "
                                                  f"file(s) in {folder}")
            self.window._run(f"downloading {item.asset}", self.window.controller.download, item, folder,
                             serial=False, on_done=done)

    def reject_dialog(self) -> None:
        dialog = QtWidgets.QInputDialog(self.window, objectName="rejectDialog")
        dialog.setWindowTitle("Reject")
        dialog.setLabelText("Why (shown beside the status):")
        if self._ask(dialog):
            self.review("rejected", dialog.textValue().strip())

    def review(self, status: str, note: str = "") -> None:
        for item in self._held():
            def done(changed) -> None:
                self.window.status_line.show_info(f"{changed.asset} v{changed.number:03d} is now "
                                                  f"{changed.status.value}")
                self.window.refresh()
            self.window._run(f"setting {item.asset} v{item.loaded:03d} to {status}", self.window.controller.set_status,
                             item, status, note, serial=False, on_done=done)

    def _ask(self, dialog: QtWidgets.QDialog) -> bool:
        if self.choose is not None:
            return self.choose(dialog)
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted


def _version_of(item: InventoryItem) -> str:
    """The held version's reference, without the representation (what the web, the CLI and a review take)."""
    return str(Reference.parse(item.reference).with_representation(None))
