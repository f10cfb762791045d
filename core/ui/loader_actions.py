"""The Loader's right-click menu on the asset list: Load, Download to…, Open in web review, Show inputs and
used by, Approve / Reject (supervisors and admins only), beside Copy reference.

Each acts on the selected assets with the version the Loader offers first (the latest approved where
preferred, else the latest; approve / reject: the latest), found from the listing without a request;
with one asset selected and its version on show in the panel, on that one.
Every call runs through the window's ``_run`` (off the UI thread); a load goes through the window's own
``load`` (download beside the host's lane, then into the scene). Dialogs are asked through ``choose``
(tests), else ``exec``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from qtpy import QtCore, QtGui, QtWidgets

from ..controllers.loader_controller import pinned
from ..models import AssetPublic, Role, VersionPublic
from ..reference import Reference
from .widgets.asset_list import ASSET_ROLE
from .widgets.version_details import lineage_html


def open_in_browser(url: str) -> None:
    QtGui.QDesktopServices.openUrl(QtCore.QUrl(url))


class LoaderActions:
    def __init__(self, window) -> None:
        self.window = window
        self.open_url: Callable[[str], None] = open_in_browser  # a test records instead
        self.choose: Callable[[QtWidgets.QDialog], bool] | None = None
        self.lineage_dialog: QtWidgets.QMessageBox | None = None
        window.asset_list.menu_builder = self.build

    @property
    def controller(self):
        return self.window.controller

    # --- the menu --------------------------------------------------------------------------------
    def build(self, menu: QtWidgets.QMenu, chosen: list[AssetPublic]) -> None:
        published = [a for a in chosen if a.latest_version is not None]
        many = f" ({len(published)})" if len(published) != 1 else ""
        one = self._on_show(chosen)
        load = menu.addAction(f"Load {_label(one)}" if one else f"Load{many}",
                              lambda: self.load(published))
        load.setObjectName("loadAction")
        download = menu.addAction(f"Download to…{many}", lambda: self.download_dialog(published))
        web = menu.addAction("Open in web review", lambda: self.open_web(chosen[0]))
        lineage = menu.addAction("Show inputs and used by…", lambda: self.show_lineage(chosen[0]))
        for action in (load, download):
            action.setEnabled(bool(published))
        for action in (web, lineage):
            action.setEnabled(len(chosen) == 1 and bool(published))
        if self._may_review():
            menu.addSeparator()
            menu.addAction(f"Approve {_label(one)}" if one else f"Approve latest{many}",
                           lambda: self.review(published, "approved")).setEnabled(bool(published))
            menu.addAction(f"Reject {_label(one)}…" if one else f"Reject latest{many}…",
                           lambda: self.reject_dialog(published)).setEnabled(bool(published))

    def actions(self, chosen: list[AssetPublic]) -> dict[str, QtWidgets.QAction]:
        """The menu's actions by their text (for tests and the keyboard-free)."""
        asset_list = self.window.asset_list
        ids = {a.id for a in chosen}
        for index in range(asset_list.topLevelItemCount()):
            item = asset_list.topLevelItem(index)
            item.setSelected(item.data(0, ASSET_ROLE).id in ids)
        menu = self.window.asset_list.context_menu()
        return {a.text(): a for a in menu.actions() if a.text()}

    def _on_show(self, chosen: list[AssetPublic]) -> VersionPublic | None:
        """The panel's version when it is of the one asset chosen (what the artist looks at)."""
        version = self.window.panel.current_version()
        if len(chosen) == 1 and version is not None and version.asset_id == chosen[0].id:
            return version
        return None

    def _may_review(self) -> bool:
        project = self.window.projects.get(self.window.current_project() or "")
        return project is not None and project.role is not None and project.role.rank >= Role.supervisor.rank

    # --- acting ----------------------------------------------------------------------------------
    def _version_of(self, asset: AssetPublic) -> str | None:
        """The version to act on: the one on show for this asset, else the one the Loader offers first
        (from the listing: no request to find it)."""
        shown = self._on_show([asset])
        return shown.reference if shown is not None else pinned(asset, self.window.prefer)

    def load(self, assets: list[AssetPublic]) -> None:
        """Each with the panel's choice (one asset on show), else its offered version's first
        representation this host loads, with its best loader (one request to read that version)."""
        window = self.window
        if self._on_show(assets) is not None and window.panel.request_load():
            return
        for asset in assets:
            reference = pinned(asset, window.prefer)
            if reference is not None:
                window._run(f"choosing how to load {asset.name}", self.controller.default_choice, reference,
                            on_done=lambda choice: window.load(*choice, {}))

    def download_dialog(self, assets: list[AssetPublic]) -> None:
        dialog = QtWidgets.QFileDialog(self.window, "Download to", "", objectName="downloadDialog")
        dialog.setFileMode(QtWidgets.QFileDialog.FileMode.Directory)
        dialog.setOption(QtWidgets.QFileDialog.Option.ShowDirsOnly, True)
        accepted = self._ask(dialog)
        folders = dialog.selectedFiles()
        if accepted and folders:
            self.download(assets, folders[0])

    def download(self, assets: list[AssetPublic], folder: str) -> None:
        window = self.window
        for asset in assets:
            reference = self._version_of(asset)
            if reference is None:
                continue
            what = f"downloading {asset.name} to {folder}"
            window.status_line.set_busy(True, what[0].upper() + what[1:] + "…")

            def done(paths, asset=asset) -> None:
                window.status_line.set_busy(False, f"Downloaded {asset.name}: {len(paths)} file(s) in {folder}")

            window._run(what, self.controller.download_to, reference, folder, on_done=done)

    def open_web(self, asset: AssetPublic) -> None:
        url = self.controller.web_url(self._version_of(asset) or asset.reference)
        self.open_url(url)
        self.window.status_line.set_busy(False, f"Opened {url}")

    def show_lineage(self, asset: AssetPublic) -> None:
        reference = self._version_of(asset)
        if reference is None:
            return

        def show(lineage) -> None:
            ref = Reference.parse(lineage.reference)
            box = QtWidgets.QMessageBox(self.window, objectName="lineageDialog")
            box.setWindowTitle(f"{asset.name}: inputs and used by")
            box.setTextFormat(QtCore.Qt.TextFormat.RichText)
            box.setText(f"<b>{escape(ref.asset_path)} v{ref.version:03d}</b><br>{lineage_html(lineage)}")
            self.lineage_dialog = box
            box.open()

        self.window._run(f"reading the lineage of {asset.name}", self.controller.lineage, reference, on_done=show)

    def reject_dialog(self, assets: list[AssetPublic]) -> None:
        dialog = QtWidgets.QInputDialog(self.window, objectName="rejectDialog")
        dialog.setWindowTitle("Reject")
        dialog.setLabelText("Why (shown beside the status):")
        if self._ask(dialog):
            self.review(assets, "rejected", dialog.textValue().strip())

    def review(self, assets: list[AssetPublic], status: str, note: str = "") -> None:
        """Set the status of the version on show, or of each asset's latest: one request each."""
        window = self.window
        shown = self._on_show(assets)
        if shown is not None:
            window.review(shown, status, note)
            return
        for asset in assets:
            reference = pinned(asset, "latest")
            if reference is None:
                continue

            def done(changed) -> None:
                window.status_line.set_busy(False, f"{changed.asset} v{changed.number:03d} is now "
                                                   f"{changed.status.value}")
                window.reload_assets()

            window._run(f"setting {asset.name} v{asset.latest_version:03d} to {status}", self.controller.set_status,
                        reference, status, note, on_done=done)

    def _ask(self, dialog: QtWidgets.QDialog) -> bool:
        if self.choose is not None:
            return self.choose(dialog)
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted


def _label(version: VersionPublic | None) -> str:
    return f"v{version.number:03d}" if version is not None else ""
