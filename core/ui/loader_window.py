"""The Loader window: browse a project's assets, pick a version and representation, load it.

A thin view over ``LoaderController``: every call goes through ``Jobs`` (off the UI thread), one
request per action — the folder tree and the asset list are one listing each, an asset's versions one
request, the list's thumbnails one resolve plus each image once. The version picker shows statuses,
highlights approved versions and starts on the latest approved one where the host prefers it
(``host.load_default = "approved"``, the default; ``"latest"`` to start on the newest).

    >>> window = LoaderWindow(LoaderController(client, host, loaders)); window.show()
"""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtWidgets

from ..container import Container
from ..controllers.loader_controller import FolderNode, LoaderController
from ..inventory import read_containers
from ..models import ProjectPublic, Status
from .live_events import LiveEvents
from .loader_actions import LoaderActions
from .messages import describe
from .thumbnails import ThumbnailLoader, drawing_image, thumbnails_of
from .widgets.asset_list import AssetList
from .widgets.load_panel import LoadPanel
from .widgets.status_line import StatusLine
from .workers import Jobs

PATH_ROLE = QtCore.Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 300
LIVE_EVENTS = ("published", "status_changed")  # what changes the list or a version picker
LIVE_REFRESH_DELAY_MS = 300  # a burst of events (a batch approve) becomes one refresh


def scene_versions(host) -> dict[int, set[int]]:
    """``{asset id: version numbers loaded}`` from the host's container index (for "in scene")."""
    loaded: dict[int, set[int]] = {}
    for container in read_containers(host):
        if isinstance(container, Container):
            loaded.setdefault(container.asset_id, set()).add(container.version)
    return loaded


class LoaderWindow(QtWidgets.QWidget):
    def __init__(self, controller: LoaderController, parent: QtWidgets.QWidget | None = None, *,
                 version_default: str | None = None, live: bool = True):
        super().__init__(parent)
        self.controller = controller
        self.prefer: str = version_default or getattr(controller.host, "load_default", None) or "approved"
        self.setWindowTitle(f"Brickyard Loader — {controller.host.name}")
        self.setObjectName("brickyardLoader")
        self.resize(1180, 640)
        self.jobs = Jobs(self, host=controller.host)
        self.thumbnails = ThumbnailLoader(controller.client, size=96, parent=self)
        self.projects: dict[str, ProjectPublic] = {}
        self.in_scene: dict[int, set[int]] = {}
        self._keep: tuple[int | None, int | None] = (None, None)  # (asset id, version) to show after a review
        self._build()
        self._search_timer = QtCore.QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_assets)
        # Live: new versions and decisions (an approval in the web app, say) refresh the list and the picker.
        self.live: LiveEvents | None = None
        self._live_wanted = live
        self._live_assets: set[int] = set()
        self._live_timer = QtCore.QTimer(self, singleShot=True, interval=LIVE_REFRESH_DELAY_MS)
        self._live_timer.timeout.connect(self._live_refresh)
        self._connect()
        self.actions = LoaderActions(self)
        self.jobs.busy.connect(lambda busy: self.panel.set_working(busy))
        self.refresh()

    # --- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.project_combo = QtWidgets.QComboBox(objectName="projectCombo")
        # the whole "Demo film (demo)", not "Demo fil"
        self.project_combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search = QtWidgets.QLineEdit(objectName="searchField", placeholderText="Search assets… (words, key=value)",
                                          clearButtonEnabled=True)
        self.kind_combo = QtWidgets.QComboBox(objectName="kindFilter")
        self.tag_combo = QtWidgets.QComboBox(objectName="tagFilter", editable=True)
        self.tag_combo.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.tag_combo.addItem("")  # "any tag"
        self.tag_combo.setMinimumWidth(110)
        self.tag_combo.lineEdit().setPlaceholderText("any tag")
        self.status_combo = QtWidgets.QComboBox(objectName="statusFilter")
        self.status_combo.addItem("any status", "")
        for status in Status:
            self.status_combo.addItem(status.value, status.value)
        self.refresh_button = QtWidgets.QPushButton("Refresh", objectName="refreshButton")
        bar = QtWidgets.QHBoxLayout()
        for label, widget, stretch in (("Project", self.project_combo, 0), ("", self.search, 2),
                                       ("Kind", self.kind_combo, 0), ("Tag", self.tag_combo, 0),
                                       ("Status", self.status_combo, 0)):
            if label:
                bar.addWidget(QtWidgets.QLabel(label))
            bar.addWidget(widget, stretch)
        bar.addWidget(self.refresh_button)

        self.folder_tree = QtWidgets.QTreeWidget(objectName="folderTree")
        self.folder_tree.setHeaderLabels(["Folders"])
        self.folder_tree.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.folder_tree.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.asset_list = AssetList()
        self.panel = LoadPanel()
        splitter = QtWidgets.QSplitter()
        splitter.addWidget(self.folder_tree)
        splitter.addWidget(self.asset_list)
        splitter.addWidget(self.panel)
        splitter.setSizes([160, 640, 380])  # the list wide enough for whole names and versions
        splitter.setStretchFactor(1, 1)
        self.status_line = StatusLine()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_line)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.project_combo.currentIndexChanged.connect(lambda _: self._project_changed())
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        for combo in (self.kind_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _: self.reload_assets())
        self.tag_combo.lineEdit().editingFinished.connect(self.reload_assets)
        self.tag_combo.activated.connect(lambda _: self.reload_assets())
        self.folder_tree.currentItemChanged.connect(lambda *_: self.reload_assets())
        self.asset_list.currentItemChanged.connect(lambda *_: self._asset_changed())
        self.asset_list.visible_rows_changed.connect(self._request_visible_thumbnails)
        self.thumbnails.ready.connect(self._thumbnail_ready)
        self.panel.version_changed.connect(self._version_changed)
        self.panel.representation_changed.connect(self._representation_changed)
        self.panel.load_requested.connect(self.load)
        self.panel.review.review_requested.connect(self.review)
        self.asset_list.copy_requested.connect(self._copy)

    # --- running controller calls -------------------------------------------------------------
    def _run(self, doing: str, fn, *args: Any, retry=None, on_done=None, **kwargs: Any) -> int:
        def failed(exc: BaseException) -> None:
            self.status_line.show_error(describe(exc, doing, retry=retry is not None), retry)

        def done(result: Any) -> None:
            if retry is not None and self.status_line.retry_action is retry:
                self.status_line.clear_error()
            if on_done is not None:
                on_done(result)

        return self.jobs.run(fn, *args, on_done=done, on_error=failed, **kwargs)

    # --- projects, folders, assets -------------------------------------------------------------
    def refresh(self) -> None:
        """Everything again from the server: projects, folders, assets, and what the scene holds."""
        self.status_line.set_busy(True, "Connecting…")
        self._run("listing the projects", self.controller.projects, retry=self.refresh,
                  on_done=self._show_projects, key="projects")
        self.refresh_scene()

    def refresh_scene(self) -> None:
        self._run("reading the scene's containers", scene_versions, self.controller.host, serial=True,
                  on_done=self._show_scene)

    def current_project(self) -> str | None:
        return self.project_combo.currentData()

    def _show_projects(self, projects: list[ProjectPublic]) -> None:
        self.status_line.set_busy(False, f"{len(projects)} project(s)")
        self.projects = {p.code: p for p in projects}
        wanted = self.current_project() or self.controller.host.context().project
        with QtCore.QSignalBlocker(self.project_combo):
            self.project_combo.clear()
            for project in projects:
                self.project_combo.addItem(f"{project.name or project.code} ({project.code})", project.code)
            if wanted in self.projects:
                self.project_combo.setCurrentIndex(list(self.projects).index(wanted))
        if not projects:
            self.status_line.show_info("You are a member of no project yet; ask a project admin to add you")
        self._project_changed()

    def _project_changed(self) -> None:
        project = self.projects.get(self.current_project() or "")
        if project is None:
            return
        self.panel.review.set_role(project.role)
        with QtCore.QSignalBlocker(self.kind_combo):
            kind = self.kind_combo.currentData()
            self.kind_combo.clear()
            self.kind_combo.addItem("any kind", "")
            for spec in sorted(project.kinds, key=lambda k: k.name):
                self.kind_combo.addItem(spec.name, spec.name)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self._follow(project.code)
        self._run("reading the folders", self.controller.folder_tree, project.code, key="tree",
                  retry=self._project_changed, on_done=self._show_tree)
        self.reload_assets()

    def _show_tree(self, root: FolderNode) -> None:
        selected = self.current_folder()
        with QtCore.QSignalBlocker(self.folder_tree):
            self.folder_tree.clear()
            top = QtWidgets.QTreeWidgetItem([f"All assets ({root.asset_count})"])
            top.setData(0, PATH_ROLE, "")
            self.folder_tree.addTopLevelItem(top)
            current = top

            def add(parent: QtWidgets.QTreeWidgetItem, node: FolderNode) -> None:
                nonlocal current
                for child in node.children:
                    item = QtWidgets.QTreeWidgetItem([f"{child.name} ({child.asset_count})"])
                    item.setData(0, PATH_ROLE, child.path)
                    parent.addChild(item)
                    if child.path == selected:
                        current = item
                    add(item, child)

            add(top, root)
            self.folder_tree.expandToDepth(1)
            self.folder_tree.setCurrentItem(current)

    def current_folder(self) -> str:
        item = self.folder_tree.currentItem()
        return item.data(0, PATH_ROLE) if item is not None else ""

    def reload_assets(self) -> None:
        project = self.current_project()
        if not project:
            return
        filters = {"folder": self.current_folder(), "search": self.search.text().strip(),
                   "kind": self.kind_combo.currentData(), "tag": self.tag_combo.currentText().strip(),
                   "status": self.status_combo.currentData()}
        self.status_line.set_busy(True, "Listing assets…")
        self._run("listing the assets", self.controller.assets, project, key="assets", retry=self.reload_assets,
                  on_done=self._show_assets, **filters)

    def _show_assets(self, assets) -> None:
        self.status_line.set_busy(False, f"{len(assets)} asset(s)")
        self.asset_list.set_assets(assets, self.in_scene)
        known = {self.tag_combo.itemText(i) for i in range(self.tag_combo.count())}
        with QtCore.QSignalBlocker(self.tag_combo):
            typed = self.tag_combo.currentText()
            for tag in sorted({t for a in assets for t in a.tags} - known):
                self.tag_combo.addItem(tag)
            self.tag_combo.setEditText(typed)
        if assets:
            self._run("finding thumbnails", thumbnails_of, self.controller.client, assets, key="thumbs",
                      on_done=self.asset_list.set_thumbnail_shas)
        if self.asset_list.selected_asset() is None:
            self.panel.clear()

    def _show_scene(self, in_scene: dict[int, set[int]]) -> None:
        self.in_scene = in_scene
        self.asset_list.set_in_scene(in_scene)

    # --- thumbnails ---------------------------------------------------------------------------
    def _request_visible_thumbnails(self) -> None:
        for sha in self.asset_list.visible_thumbnails():
            pixmap = self.thumbnails.request(sha)
            if pixmap is not None:
                self.asset_list.set_thumbnail(sha, pixmap)

    def _thumbnail_ready(self, sha256: str, pixmap) -> None:
        self.asset_list.set_thumbnail(sha256, pixmap)
        version = self.panel.current_version()
        if version is not None and version.thumbnail == sha256:
            self.panel.set_thumbnail(pixmap)

    # --- versions, representations, loaders, load ---------------------------------------------
    def _asset_changed(self) -> None:
        asset = self.asset_list.selected_asset()
        if asset is not None and asset.id != self._keep[0]:  # (None: the list is being refilled)
            self._keep = (None, None)
        if asset is None:
            self.panel.clear()
            return
        self.panel.clear(f"{asset.folder}/{asset.name}" if asset.folder else asset.name)
        self.panel.tags = list(asset.tags)
        self._run(f"listing the versions of {asset.name}", self.controller.versions, asset.reference,
                  key="versions", retry=self._asset_changed,
                  on_done=lambda versions: self._show_versions(versions, asset))

    def _show_versions(self, versions, asset) -> None:
        self.panel.set_versions(self.panel.title.text(), versions, self.prefer, self.in_scene.get(asset.id, set()))
        if self._keep[0] == asset.id:
            self.panel.select_version(self._keep[1])

    def _version_changed(self, version) -> None:
        self.panel.set_thumbnail(self.thumbnails.request(version.thumbnail) if version else None)
        if version is not None:
            self._run(f"reading the lineage of {version.asset} v{version.number:03d}", self.controller.lineage,
                      version.reference, key="lineage", on_done=self.panel.set_lineage)
        self._review_notes(version)

    # --- review notes and their drawings ----------------------------------------------------------
    def _review_notes(self, version) -> None:
        notes = self.panel.review_notes
        notes.clear(version.id if version else None, ": …" if version else "")
        if version is None:
            return
        self._run(f"reading the review notes of {version.asset} v{version.number:03d}", self.controller.review_notes,
                  version, key="review_notes", on_done=lambda found: self._show_notes(version.id, found))

    def _show_notes(self, version_id: int, notes) -> None:
        for annotation_id in self.panel.review_notes.set_notes(version_id, notes):
            self.jobs.run(drawing_image, self.controller.client, annotation_id,
                          on_done=lambda image, a=annotation_id: self.panel.review_notes.set_drawing(a, image),
                          on_error=lambda exc: None)  # no picture: the note still reads "drawing"

    def review(self, version, status: str, note: str) -> None:
        """A supervisor's approve / reject from the panel: one request, then the versions again."""
        what = f"setting {version.asset} v{version.number:03d} to {status}"

        def done(changed) -> None:
            self.status_line.set_busy(False, f"{changed.asset} v{changed.number:03d} is now {changed.status.value}")
            self._keep = (changed.asset_id, changed.number)  # stay on it through the reloads below
            self._asset_changed()
            self.reload_assets()

        self.status_line.set_busy(True, what[0].upper() + what[1:] + "…")
        self._run(what, self.controller.set_status, version.reference, status, note, on_done=done,
                  retry=lambda: self.review(version, status, note))

    def _copy(self, assets) -> None:
        QtWidgets.QApplication.clipboard().setText("\n".join(a.reference for a in assets))
        self.status_line.set_busy(False, f"copied {len(assets)} reference(s)")

    def _representation_changed(self, version, representation: str) -> None:
        self._run("finding the loaders", self.controller.loaders_for, version.reference, representation,
                  key="loaders", on_done=self.panel.set_loaders)

    def load(self, version, representation: str, loader: str, options: dict) -> None:
        what = f"loading {version.asset} v{version.number:03d} ({representation})"
        self.status_line.set_busy(True, what[0].upper() + what[1:] + "…")

        def loaded(container: Container) -> None:
            self.status_line.set_busy(False, f"Loaded {version.asset} v{version.number:03d} ({representation}) "
                                             f"as {container.name}")
            self.refresh_scene()

        def retry() -> None:
            self.load(version, representation, loader, options)

        def fetched(paths) -> None:  # then into the scene, in the host's lane
            self._run(what, self.controller.load, version.reference, representation, loader,
                      options=options or None, paths=paths, serial=True, on_done=loaded, retry=retry)

        # The download runs beside the host's lane: other windows on this host keep working meanwhile.
        self._run(what, self.controller.fetch, version.reference, representation, loader, on_done=fetched,
                  on_progress=lambda p: self.panel.show_progress(p.phase, p.name, p.done, p.total, p.files_done,
                                                                 p.files_total),
                  retry=retry)

    # --- live updates -------------------------------------------------------------------------
    def _follow(self, project: str) -> None:
        if not self._live_wanted or (self.live is not None and self.live.project == project and self.live.running):
            return
        if self.live is not None:
            self.live.stop()
        self.live = LiveEvents(self.controller.client, project, on_event=self._event)
        self.live.start()

    def _event(self, event) -> None:
        if event.type in LIVE_EVENTS and event.project == self.current_project():
            self._live_assets.add(event.data.get("asset_id"))
            self._live_timer.start()

    def _live_refresh(self) -> None:
        touched, self._live_assets = self._live_assets, set()
        self.reload_assets()
        asset = self.asset_list.selected_asset()
        if asset is not None and asset.id in touched:
            self._asset_changed()  # its versions again: the picker shows the new status or version

    def changeEvent(self, event: QtCore.QEvent) -> None:
        # back from the application or the Inventory: what the scene holds may have changed
        if event.type() == QtCore.QEvent.Type.ActivationChange and self.isActiveWindow() and not self.jobs.working:
            self.refresh_scene()
        super().changeEvent(event)

    def closeEvent(self, event) -> None:
        if self.live is not None:
            self.live.stop()
        self.jobs.close()
        self.thumbnails.close()
        super().closeEvent(event)
