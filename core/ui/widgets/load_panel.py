"""The Loader's right side: a version picker (statuses shown, approved highlighted), the version's
thumbnail and notes, its representations, the loaders that apply with their options, and Load.

It draws what it is given and says what the artist picked; the window does the work.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from ...controllers.loader_controller import LoaderInfo, preferred_version
from ...models import Status, VersionPublic
from ..colours import APPROVED_BACKGROUND, STATUS_COLOURS
from ..text import human_size, version_label
from .options_form import OptionsForm
from .review_bar import ReviewBar
from .review_notes import ReviewNotes
from .version_details import details_html, lineage_html, representation_text

THUMB_SIZE = 160
VERSION_ROLE = QtCore.Qt.ItemDataRole.UserRole


def default_version(versions: list[VersionPublic], prefer: str) -> VersionPublic | None:
    """The version to show first: the latest approved where preferred (and there is one), else the latest."""
    return preferred_version(versions, prefer)


class LoadPanel(QtWidgets.QWidget):
    version_changed = QtCore.Signal(object)  # VersionPublic | None
    representation_changed = QtCore.Signal(object, str)  # VersionPublic, representation name
    load_requested = QtCore.Signal(object, str, str, dict)  # version, representation, loader, options

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.title = QtWidgets.QLabel("Pick an asset")
        self.title.setObjectName("assetTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # a long asset path wraps instead of widening the panel
        self.thumbnail = QtWidgets.QLabel()
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setFixedSize(THUMB_SIZE, THUMB_SIZE)
        self.thumbnail.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #d9dce1; color: #6b717a; border-radius: 4px;")
        self.version_combo = QtWidgets.QComboBox()
        self.version_combo.setObjectName("versionCombo")
        self.notes = QtWidgets.QLabel()
        self.notes.setWordWrap(True)
        self.notes.setMinimumWidth(200)
        self.notes.setObjectName("versionNotes")
        self.notes.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lineage = QtWidgets.QLabel(objectName="versionLineage", wordWrap=True)
        self.review = ReviewBar()
        self.review_notes = ReviewNotes()
        self.tags: list[str] = []
        self.representations = QtWidgets.QListWidget()
        self.representations.setObjectName("representationList")
        self.representations.setMaximumHeight(110)
        self.loader_combo = QtWidgets.QComboBox()
        self.loader_combo.setObjectName("loaderCombo")
        self.options = OptionsForm()
        self.load_button = QtWidgets.QPushButton("Load")
        self.load_button.setObjectName("loadButton")
        self.load_button.setDefault(True)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setObjectName("loadProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()

        layout = QtWidgets.QVBoxLayout(self)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.thumbnail)
        side = QtWidgets.QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.notes, 1)
        top.addLayout(side, 1)
        layout.addLayout(top)
        layout.addWidget(self.lineage)
        layout.addWidget(self.review)
        layout.addWidget(self.review_notes)
        form = QtWidgets.QFormLayout()
        form.addRow("Version", self.version_combo)
        form.addRow("Representation", self.representations)
        form.addRow("Loader", self.loader_combo)
        layout.addLayout(form)
        layout.addWidget(self.options)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.load_button)

        self._versions: list[VersionPublic] = []
        self._loaders: list[LoaderInfo] = []
        self.version_combo.currentIndexChanged.connect(self._version_picked)
        self.representations.currentRowChanged.connect(self._representation_picked)
        self.loader_combo.currentIndexChanged.connect(self._loader_picked)
        self.load_button.clicked.connect(self._load_clicked)
        self.clear()

    # --- what the window gives it ----------------------------------------------------------------
    def clear(self, title: str = "Pick an asset") -> None:
        self.title.setText(title)
        self.thumbnail.setText("no thumbnail")
        self.thumbnail.setPixmap(QtGui.QPixmap())
        self.notes.clear()
        self.lineage.clear()
        self.review_notes.clear()
        self.review.set_version(None)
        self._versions = []
        with QtCore.QSignalBlocker(self.version_combo):
            self.version_combo.clear()
        self.representations.clear()
        self.set_loaders([])

    def set_versions(self, title: str, versions: list[VersionPublic], prefer: str,
                     loaded: set[int] | frozenset[int] = frozenset()) -> None:
        """Fill the picker (newest first) and select the default version."""
        self.title.setText(title)
        self._versions = list(versions)
        latest = max((v.number for v in versions), default=None)
        approved = max((v.number for v in versions if v.status == Status.approved), default=None)
        chosen = default_version(versions, prefer)
        with QtCore.QSignalBlocker(self.version_combo):
            self.version_combo.clear()
            for index, version in enumerate(versions):
                self.version_combo.addItem(version_label(version, latest=latest, approved=approved,
                                                         loaded=version.number in loaded), version)
                colour = QtGui.QColor(STATUS_COLOURS[version.status.value])
                self.version_combo.setItemData(index, colour, QtCore.Qt.ItemDataRole.ForegroundRole)
                if version.status == Status.approved:
                    font = self.version_combo.font()
                    font.setBold(True)
                    self.version_combo.setItemData(index, font, QtCore.Qt.ItemDataRole.FontRole)
                    self.version_combo.setItemData(index, QtGui.QColor(APPROVED_BACKGROUND),
                                                   QtCore.Qt.ItemDataRole.BackgroundRole)
            if chosen is not None:
                self.version_combo.setCurrentIndex(versions.index(chosen))
        self._version_picked(self.version_combo.currentIndex())

    def set_lineage(self, lineage) -> None:
        version = self.current_version()
        if version is not None and lineage.version_id == version.id:
            self.lineage.setText(lineage_html(lineage))

    def set_thumbnail(self, pixmap: QtGui.QPixmap | None) -> None:
        if pixmap is None or pixmap.isNull():
            self.thumbnail.setPixmap(QtGui.QPixmap())
            self.thumbnail.setText("no thumbnail")
        else:
            self.thumbnail.setPixmap(pixmap.scaled(THUMB_SIZE, THUMB_SIZE, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                                   QtCore.Qt.TransformationMode.SmoothTransformation))

    def set_loaders(self, loaders: list[LoaderInfo]) -> None:
        self._loaders = list(loaders)
        with QtCore.QSignalBlocker(self.loader_combo):
            self.loader_combo.clear()
            for info in loaders:
                self.loader_combo.addItem(info.label, info.name)
        self._loader_picked(self.loader_combo.currentIndex())

    def set_working(self, working: bool) -> None:
        self.load_button.setEnabled(not working and bool(self._loaders))
        self.progress.setVisible(working)
        if working:
            self.progress.setRange(0, 0)
            self.progress.setFormat("preparing…")

    def show_progress(self, phase: str, name: str, done: int, total: int, files_done: int, files_total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / total) if total else 1000)
        self.progress.setFormat(f"{phase} {files_done}/{files_total} files · "
                                f"{human_size(done)} of {human_size(total)}")

    # --- what the artist picked -----------------------------------------------------------------
    def current_version(self) -> VersionPublic | None:
        return self.version_combo.currentData()

    def current_representation(self) -> str | None:
        item = self.representations.currentItem()
        return item.data(VERSION_ROLE) if item is not None else None

    def select_version(self, number: int) -> bool:
        for index in range(self.version_combo.count()):
            if self.version_combo.itemData(index).number == number:
                self.version_combo.setCurrentIndex(index)
                return True
        return False

    def _version_picked(self, index: int) -> None:
        version = self.current_version()
        self.representations.clear()
        if version is None:
            self.notes.clear()
            self.review.set_version(None)
            self.version_changed.emit(None)
            return
        self.notes.setText(details_html(version, self.tags))
        self.lineage.setText("made from / used by: …")
        self.review.set_version(version)
        for rep in version.representations:
            item = QtWidgets.QListWidgetItem(representation_text(rep))
            item.setData(VERSION_ROLE, rep.name)
            self.representations.addItem(item)
        self.version_changed.emit(version)
        if self.representations.count():
            self.representations.setCurrentRow(0)

    def _representation_picked(self, row: int) -> None:
        version, name = self.current_version(), self.current_representation()
        self.set_loaders([])
        if version is not None and name:
            self.representation_changed.emit(version, name)

    def _loader_picked(self, index: int) -> None:
        info = self._loaders[index] if 0 <= index < len(self._loaders) else None
        self.options.set_schema(info.options_schema if info else None)
        self.load_button.setEnabled(info is not None and not self.progress.isVisible())
        self.load_button.setToolTip("" if info else "no loader of this application serves this representation")

    def _load_clicked(self) -> None:
        self.request_load()

    def request_load(self) -> bool:
        """Ask for the load of what is picked (as the Load button does); False when nothing is."""
        version, name = self.current_version(), self.current_representation()
        loader = self.loader_combo.currentData()
        if version is not None and name and loader:
            self.load_requested.emit(version, name, loader, self.options.values())
            return True
        return False

