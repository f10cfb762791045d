"""Thumbnails, fetched lazily off the UI thread and kept in memory once drawn.

``request(sha256)`` answers at once with a cached pixmap, or None and a later ``ready(sha256, pixmap)``.
The blob comes through ``Client.fetch_blob`` (the local cache first, so a thumbnail crosses the
network once per machine) and is decoded and scaled in the worker; only the cheap image → pixmap step
runs on the UI thread. A missing or broken thumbnail is remembered and never asked for again.

``thumbnails_of(client, assets)`` finds the thumbnails of many assets' latest versions in ONE request.

    >>> loader = ThumbnailLoader(client, size=64)
    >>> loader.ready.connect(lambda sha, pixmap: label.setPixmap(pixmap))
    >>> loader.request(version.thumbnail)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from qtpy import QtCore, QtGui

from ..models import AssetPublic
from ..reference import Reference
from .workers import Jobs

log = logging.getLogger(__name__)


def thumbnails_of(client, assets: Iterable[AssetPublic], version: str = "latest") -> dict[int, str]:
    """``{asset id: thumbnail sha256}`` for the assets' ``version`` ("latest" or "approved"), one resolve."""
    wanted = [a for a in assets if a.latest_version is not None]
    if not wanted:
        return {}
    refs = [str(Reference.parse(a.reference).with_version(version)) for a in wanted]
    found = {}
    for asset, answer in zip(wanted, client.resolve(refs)):
        if answer.version is not None and answer.version.thumbnail:
            found[asset.id] = answer.version.thumbnail
    return found


def _decode(client, sha256: str, size: int) -> QtGui.QImage:
    path = client.fetch_blob(sha256)
    image = QtGui.QImage(str(path))
    if image.isNull():
        raise ValueError(f"thumbnail {sha256[:12]} is not an image Qt can read")
    return image.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                        QtCore.Qt.TransformationMode.SmoothTransformation)


def drawing_image(client, annotation_id: int, size: int = 96) -> QtGui.QImage:
    """A drawing flattened over its frame (the server draws it), scaled for a list, in a worker."""
    image = QtGui.QImage.fromData(client.annotation_thumbnail(annotation_id), "PNG")
    if image.isNull():
        raise ValueError(f"drawing {annotation_id}'s picture is not an image Qt can read")
    return image.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                        QtCore.Qt.TransformationMode.SmoothTransformation)


class ThumbnailLoader(QtCore.QObject):
    ready = QtCore.Signal(str, QtGui.QPixmap)

    def __init__(self, client, size: int = 96, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.client = client
        self.size = size
        self._jobs = Jobs(self)
        self._pixmaps: dict[str, QtGui.QPixmap] = {}
        self._pending: set[str] = set()
        self._failed: set[str] = set()

    def request(self, sha256: str | None) -> QtGui.QPixmap | None:
        if not sha256 or sha256 in self._failed:
            return None
        if sha256 in self._pixmaps:
            return self._pixmaps[sha256]
        if sha256 not in self._pending:
            self._pending.add(sha256)
            self._jobs.run(_decode, self.client, sha256, self.size,
                           on_done=lambda image, sha=sha256: self._decoded(sha, image),
                           on_error=lambda exc, sha=sha256: self._broken(sha, exc))
        return None

    def pending(self) -> int:
        return len(self._pending)

    def close(self) -> None:
        self._jobs.close()

    def _decoded(self, sha256: str, image: QtGui.QImage) -> None:
        self._pending.discard(sha256)
        pixmap = QtGui.QPixmap.fromImage(image)
        self._pixmaps[sha256] = pixmap
        self.ready.emit(sha256, pixmap)

    def _broken(self, sha256: str, exc: BaseException) -> None:
        self._pending.discard(sha256)
        self._failed.add(sha256)
        log.info("no thumbnail %s: %s", sha256[:12], getattr(exc, "message", exc))
