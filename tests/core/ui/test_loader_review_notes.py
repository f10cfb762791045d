"""The Loader's review notes (issue 19): a version's comments with author, frame and text, and for a drawn
one the drawing flattened over its frame by the server, fetched in the background — never on the UI thread."""

from __future__ import annotations

from qtpy import QtCore

from .conftest import WAIT_MS, screenshot, wait_idle
from .test_loader_details import open_loader, pick

RECT = {"id": "r", "kind": "rect", "color": "#ff0000", "width": 0.03, "points": [[0.2, 0.2], [0.8, 0.8]]}


def test_the_loader_shows_a_versions_notes_and_the_picture_of_its_drawing(qtbot, library, studio, scene,
                                                                          ui_thread_traffic):
    sam = studio.client("sam")
    v2 = "brickyard://film/characters/hero?version=2"
    sam.comment(v2, "the silhouette reads well")
    drawn = sam.draw(v2, "raise the shoulder", 12, [RECT])
    window = open_loader(qtbot, library, scene)
    pick(qtbot, window, "hero")
    assert window.panel.select_version(2)
    notes = window.panel.review_notes
    qtbot.waitUntil(lambda: notes.list.count() == 3, timeout=WAIT_MS)
    texts = [notes.list.item(r).text() for r in range(notes.list.count())]
    assert texts == ["sam · review", "sam: the silhouette reads well", "sam · frame 12 · drawing: raise the shoulder"]
    assert notes.heading.text() == "Review notes (3)"
    [item] = notes.drawn_items()
    assert item.data(QtCore.Qt.ItemDataRole.UserRole) == drawn.id
    qtbot.waitUntil(lambda: not item.icon().isNull(), timeout=WAIT_MS)
    picture = item.icon().pixmap(96, 96).toImage()
    # the server's picture: the red rectangle's left edge (x = 0.2) over the grey card of a version without media
    w, h = picture.width(), picture.height()
    edge = picture.pixelColor(round(0.2 * w), h // 2)
    card = picture.pixelColor(w // 2, h // 2)
    assert edge.red() > 180 and edge.green() < 90, edge.name()
    assert abs(card.red() - card.green()) < 20, card.name()
    screenshot(window, "loader-review-notes")

    assert window.panel.select_version(3)  # another version: its own (empty) notes
    qtbot.waitUntil(lambda: notes.heading.text() == "Review notes: none yet", timeout=WAIT_MS)
    assert notes.list.count() == 0
    wait_idle(qtbot, window)
