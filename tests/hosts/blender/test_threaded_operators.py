"""In a live Blender the network runs in a worker thread and the timer function delivers the result;
bpy work the worker needs is run on the main thread. Timers never fire with bpy as a module, so the
test calls the timer function (``Jobs.poll``) itself."""

from __future__ import annotations

import threading

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender.ui.props import ui_state  # noqa: E402
from brickyard.hosts.blender.ui.state import current  # noqa: E402

from .scenes import mesh_collection  # noqa: E402


@pytest.fixture
def threaded(addon):
    jobs = current().jobs
    jobs.threaded = True
    yield jobs
    jobs.wait_all()
    jobs.threaded = False


def test_load_runs_the_network_in_a_worker_and_bpy_on_the_main_thread(connected, threaded, tmp_path):
    coll = mesh_collection("lamp", 5)
    bpy.data.libraries.write(str(tmp_path / "lamp.blend"), {coll}, fake_user=True)
    version = connected.publish("film", "lamp", "model", {"blend": [tmp_path / "lamp.blend"]}, folder="props")
    bpy.ops.wm.read_homefile(use_empty=True)
    request_threads = []
    settings = bpy.context.preferences.addons[current().addon_id].preferences.settings()
    client = current().connection(settings).client
    client.session.hooks["response"].append(lambda r, *a, **k: request_threads.append(threading.current_thread()))

    assert bpy.ops.brickyard.load(reference=version.reference, representation="blend",
                                  loader="LinkBlend") == {"FINISHED"}
    # The operator returned at once: the worker waits for the main thread to create the instance.
    assert threaded.busy == ["Load"]
    assert not [o for o in bpy.data.objects if o.instance_type == "COLLECTION"]
    threaded.wait_all()
    [empty] = [o for o in bpy.data.objects if o.instance_type == "COLLECTION"]
    assert empty.instance_collection.name == "lamp"
    assert "loaded brickyard://film/props/lamp?version=1" in ui_state().message
    assert request_threads and all(t is not threading.main_thread() for t in request_threads)
    assert threaded.poll() is None  # nothing pending: the timer unregisters itself


def test_a_failure_in_the_worker_lands_in_the_panel(connected, threaded):
    assert bpy.ops.brickyard.load(reference="brickyard://film/props/nothing?version=1", representation="blend",
                                  loader="LinkBlend") == {"FINISHED"}
    threaded.wait_all()
    state = ui_state()
    assert state.message_is_error and state.message.startswith("Load failed:") and "nothing" in state.message
