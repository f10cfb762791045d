"""The Loader's right-click menu (issue 18): Load, Download to…, Open in web review, inputs and used by,
Approve / Reject for supervisors only — each off the UI thread, on the version the Loader offers."""

from __future__ import annotations

from brickyard.core.container import parse_container
from brickyard.core.controllers import LoaderController
from brickyard.core.reference_host import reference_loaders
from brickyard.core.ui import open_window

from .conftest import WAIT_MS, wait_idle, write


def open_loader(qtbot, client, scene):
    window = open_window("loader", LoaderController(client, scene, reference_loaders()))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.asset_list.topLevelItemCount() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    return window


def assets(window, *names):
    found = {a.name: a for a in (window.asset_list.topLevelItem(i).data(0, 256)
                                 for i in range(window.asset_list.topLevelItemCount()))}
    return [found[n] for n in names]


def loaded(scene):
    return sorted((c.ref.asset, c.ref.version) for c in map(parse_container, scene.list_containers()))


def test_an_artist_loads_several_assets_from_the_menu(qtbot, library, scene, ui_thread_traffic):
    window = open_loader(qtbot, library, scene)
    actions = window.actions.actions(assets(window, "cup", "hero"))
    assert list(actions) == ["Load (2)", "Download to… (2)", "Open in web review", "Show inputs and used by…",
                             "Copy references (2)"]  # no Approve / Reject: ana is an artist
    assert not actions["Open in web review"].isEnabled()  # one asset at a time
    actions["Load (2)"].trigger()
    qtbot.waitUntil(lambda: len(scene.list_containers()) == 2, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert loaded(scene) == [("cup", 1), ("hero", 1)]  # the latest approved of each (hero v3 is wip)


def test_one_asset_on_show_loads_the_version_the_panel_shows(qtbot, library, scene):
    window = open_loader(qtbot, library, scene)
    assert window.asset_list.select("hero")
    qtbot.waitUntil(lambda: window.panel.loader_combo.count() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert window.panel.select_version(2)
    qtbot.waitUntil(lambda: window.panel.loader_combo.count() > 0, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    actions = window.actions.actions(assets(window, "hero"))
    actions["Load v002"].trigger()
    qtbot.waitUntil(lambda: len(scene.list_containers()) == 1, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert loaded(scene) == [("hero", 2)]


def test_download_to_a_chosen_folder(qtbot, library, scene, tmp_path, ui_thread_traffic):
    window = open_loader(qtbot, library, scene)
    target = tmp_path / "handoff"
    target.mkdir()

    def choose(dialog):
        dialog.setDirectory(str(target))
        dialog.selectFile(str(target))
        return True

    window.actions.choose = choose
    window.actions.actions(assets(window, "cup", "hero"))["Download to… (2)"].trigger()
    qtbot.waitUntil(lambda: "Downloaded" in window.status_line.label.text(), timeout=WAIT_MS)
    wait_idle(qtbot, window)
    files = sorted(p.read_text() for p in target.rglob("*") if p.is_file())
    assert files == ["cup", "hero v1", "png"]  # cup v1; hero v1 (approved): its txt and png


def test_open_in_web_review_opens_the_asset_page(qtbot, library, studio, scene):
    window = open_loader(qtbot, library, scene)
    opened = []
    window.actions.open_url = opened.append
    window.actions.actions(assets(window, "cup"))["Open in web review"].trigger()
    assert opened == [f"{studio.url}/p/film/asset/props/cup?v=1"]  # the version the Loader offers
    assert window.asset_list.select("hero")
    qtbot.waitUntil(lambda: window.panel.current_version() is not None, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    window.actions.actions(assets(window, "hero"))["Open in web review"].trigger()
    assert opened[-1] == f"{studio.url}/p/film/asset/characters/hero?v=1"  # the version on show


def test_inputs_and_used_by_are_shown(qtbot, library, studio, scene, tmp_path, ui_thread_traffic):
    studio.client("ana").publish("film", "ink_frames", "render", {"png": [write(tmp_path / "f.png", "frame")]},
                                 folder="shots", inputs=["brickyard://film/ai/loras/ink_style?version=1"])
    window = open_loader(qtbot, library, scene)
    window.actions.actions(assets(window, "ink_style"))["Show inputs and used by…"].trigger()
    qtbot.waitUntil(lambda: window.actions.lineage_dialog is not None, timeout=WAIT_MS)
    text = window.actions.lineage_dialog.text()
    assert "ai/loras/ink_style v001" in text and "used by: shots/ink_frames v001" in text
    window.actions.lineage_dialog.close()


def test_a_supervisor_approves_and_rejects_from_the_menu(qtbot, library, studio, scene):
    sam = studio.client("sam")
    window = open_loader(qtbot, sam, scene)
    actions = window.actions.actions(assets(window, "hero", "villain"))
    assert "Approve latest (2)" in actions and "Reject latest (2)…" in actions
    actions["Approve latest (2)"].trigger()
    qtbot.waitUntil(lambda: library.version("brickyard://film/characters/villain?version=1").status.value
                    == "approved", timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert library.version("brickyard://film/characters/hero?version=3").status.value == "approved"

    window.actions.choose = lambda dialog: dialog.setTextValue("wrong scale") or True
    window.actions.actions(assets(window, "cup"))["Reject latest…"].trigger()
    qtbot.waitUntil(lambda: library.version("brickyard://film/props/cup?version=1").status.value == "rejected",
                    timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert library.version("brickyard://film/props/cup?version=1").status_comment == "wrong scale"
