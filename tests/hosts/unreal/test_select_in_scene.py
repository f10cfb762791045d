"""The Inventory's "select in scene" in Unreal: the containers' actors (spawned for them, or placed by
hand from their asset) become the level selection and their assets are shown in the Content Browser;
a container whose asset was deleted is named. Asked from a worker, the editor work waits for the game
thread (the fake refuses editor calls made elsewhere)."""

from __future__ import annotations

import threading

from brickyard.core.controllers.inventory_controller import InventoryController
from brickyard.hosts.unreal import level

import tests.fakes.unreal as unreal

from .test_adapter import container_data, imported

HERO = "/Game/Brickyard/chars/hero/hero.hero"
CRATE = "/Game/Brickyard/props/crate/crate.crate"


def two_containers(host, editor, tmp_path):
    imported(tmp_path)
    imported(tmp_path, name="crate", directory="/Game/Brickyard/props/crate")
    hero = {**container_data(), "id": "c-hero"}
    crate = {**container_data("/Game/Brickyard/props/crate", "crate"), "id": "c-crate"}
    host.write_container(hero)
    host.write_container(crate)
    return hero, crate


def actors():
    return unreal.get_editor_subsystem(unreal.EditorActorSubsystem)


def labels(selected):
    return sorted(a.get_actor_label() for a in selected)


def test_actors_and_assets_of_the_containers_are_selected(host, editor, tmp_path):
    two_containers(host, editor, tmp_path)
    spawned = level.spawn(editor.assets[HERO], "hero_spawned", "c-hero")
    by_hand = actors().spawn_actor_from_object(editor.assets[HERO], unreal.Vector())  # dragged in by the artist
    by_hand.set_actor_label("hero_by_hand")
    other = level.spawn(editor.assets[CRATE], "crate_spawned", "c-crate")
    actors().set_selected_level_actors(unreal.Array.cast(unreal.Actor, [other]))

    assert host.select_containers(["c-hero"]) == []
    assert labels(actors().get_selected_level_actors()) == ["hero_by_hand", "hero_spawned"]
    assert [f"{d.package_name}.{d.asset_name}" for d in unreal.EditorUtilityLibrary.get_selected_asset_data()] \
        == [HERO]
    assert spawned in list(actors().get_selected_level_actors()) and other not in actors().get_selected_level_actors()


def test_an_asset_never_placed_is_still_shown_in_the_content_browser(host, editor, tmp_path):
    two_containers(host, editor, tmp_path)
    level.spawn(editor.assets[HERO], "hero_spawned", "c-hero")
    assert host.select_containers(["c-crate"]) == []
    assert list(actors().get_selected_level_actors()) == []  # the selection is replaced, not added to
    assert [f"{d.package_name}.{d.asset_name}" for d in unreal.EditorUtilityLibrary.get_selected_asset_data()] \
        == [CRATE]


def test_a_deleted_asset_is_named(host, editor, tmp_path):
    two_containers(host, editor, tmp_path)
    unreal.EditorAssetLibrary.delete_asset(CRATE)
    assert InventoryController(None, host, None).select_in_scene(["c-crate", "c-hero"]) == ["c-crate"]
    assert [f"{d.package_name}.{d.asset_name}" for d in unreal.EditorUtilityLibrary.get_selected_asset_data()] \
        == [HERO]


def test_from_a_worker_the_editor_work_runs_on_the_game_thread(host, editor, tmp_path):
    two_containers(host, editor, tmp_path)
    level.spawn(editor.assets[HERO], "hero_spawned", "c-hero")
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(host.select_containers(["c-hero"])))
    worker.start()
    while worker.is_alive():
        host.game.drain()  # what the Slate tick does in the editor
        worker.join(0.01)
    assert answer == [[]] and labels(actors().get_selected_level_actors()) == ["hero_spawned"]
    assert editor.off_thread_calls == []
