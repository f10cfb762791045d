"""The Brickyard menu (registered once the main menu exists, never doubled), windows parented to Slate,
Qt and worker calls pumped from the Slate post-tick callback."""

from __future__ import annotations

import importlib
import threading

import pytest
from brickyard.core import host_registry
from brickyard.hosts.unreal import session, start, windows

import tests.fakes.unreal as unreal


class DummyWindow:
    """Stands in for a Qt top-level widget: a native handle exists only once shown."""

    def __init__(self, name, controller):
        self.name, self.controller = name, controller
        self.shown = self.closed = False

    def show(self):
        self.shown = True

    def winId(self):  # noqa: N802 - Qt's name
        if not self.shown:
            raise RuntimeError("no native window before show()")
        return 4242

    def isVisible(self):  # noqa: N802
        return self.shown and not self.closed

    def raise_(self):
        self.raised = True

    def activateWindow(self):  # noqa: N802
        pass

    def close(self):
        self.closed = True


class DummyApp:
    def __init__(self):
        self.processed = 0

    def processEvents(self):  # noqa: N802
        self.processed += 1


def brickyard_menu():
    return unreal.fake_menu("LevelEditor.MainMenu.Brickyard")


def test_the_menu_waits_for_the_main_menu_then_appears_once(editor):
    editor.menus_ready = False  # init_unreal.py runs before the editor builds its menus
    started = start("film")
    assert host_registry.registered_host() is started.host
    unreal.fake_tick()
    assert brickyard_menu() is None and started.pump.tasks  # still waiting, still retrying

    editor.menus_ready = True
    unreal.fake_tick()
    assert [str(e.name) for e in brickyard_menu().fake_entries()] == ["load", "publish", "inventory"]
    assert started.pump.tasks == []  # done: no more retries

    importlib.reload(session)  # the editor reloads scripts: same session, same tick, one menu
    start("film")
    unreal.fake_tick()
    main = unreal.fake_menu("LevelEditor.MainMenu")
    assert [s.fake_name for s in main.fake_sub_menus] == ["LevelEditor.MainMenu.Brickyard"]
    assert len(editor.tick_callbacks) == 1


def test_uninstall_takes_everything_out(editor):
    start("film")
    unreal.fake_tick()
    session.stop()
    assert brickyard_menu() is None and editor.tick_callbacks == {} and editor.shutdown_callbacks == {}
    with pytest.raises(RuntimeError, match="no Brickyard host"):
        host_registry.registered_host()


def test_a_window_opens_parented_to_slate_and_qt_is_pumped(editor):
    started = session.start("film", client_factory=lambda: object())
    app = DummyApp()
    window = windows.open_window("inventory", opener=DummyWindow, app_factory=lambda: app)
    assert window.shown and window.name == "inventory"
    assert window.controller is started.controller("inventory") and window.controller.host is started.host
    assert editor.parented_windows == [(4242, unreal.SlateParentWindowSearchMethod.ACTIVE_WINDOW)]
    assert started.windows["inventory"] is window  # referenced: Python will not collect it

    unreal.fake_tick()
    unreal.fake_tick()
    assert app.processed == 2

    again = windows.open_window("inventory", opener=DummyWindow, app_factory=lambda: app)
    assert again is window and len(editor.parented_windows) == 1  # brought forward, not opened twice


def test_a_menu_click_opens_the_window(editor, monkeypatch):
    started = session.start("film", client_factory=lambda: object())
    started.pump.qt_app = DummyApp()
    monkeypatch.setattr(windows, "core_window_opener", lambda: DummyWindow)
    unreal.fake_tick()
    unreal.fake_click("LevelEditor.MainMenu.Brickyard", "publish")
    assert started.windows["publisher"].shown and len(editor.parented_windows) == 1


def test_a_menu_click_reports_a_failure_in_the_log_not_a_traceback(editor, monkeypatch):
    from brickyard.core.config import ConfigError

    def no_server():
        raise ConfigError("no Brickyard server is configured; run `brickyard login URL`")

    started = session.start("film", client_factory=no_server)
    started.pump.qt_app = DummyApp()
    monkeypatch.setattr(windows, "core_window_opener", lambda: DummyWindow)
    unreal.fake_tick()
    unreal.fake_click("LevelEditor.MainMenu.Brickyard", "load")
    [(level, message)] = [entry for entry in editor.log if "Brickyard" in entry[1]]
    assert level == "error" and "could not open the loader window" in message and "brickyard login" in message
    assert editor.parented_windows == []


def test_editor_calls_from_a_worker_thread_run_on_the_next_tick(editor):
    started = session.start("film", client_factory=lambda: object())
    game_thread = threading.get_ident()
    answers = []

    def worker():
        answers.append(started.host.call(threading.get_ident))

    thread = threading.Thread(target=worker)
    thread.start()
    while not answers:
        unreal.fake_tick()  # the editor's frames
        thread.join(0.01)
    thread.join()
    assert answers == [game_thread]
