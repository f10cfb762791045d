"""Updating overridden rigs in the real Blender, beside the bare library repoint + reload they need.

    python benchmarks/blender_override_switch.py [--rigs 20] [--rounds 3]

Each of ``--rigs`` rig assets (an armature with 40 bones and a skinned mesh; v2 adds a bone and
geometry) is loaded with ``LinkOverride`` (one library override each), posed, keyed and moved, and the
shot saved. Measured side by side in one run (median of the rounds, each on a freshly opened copy):
  * bare   — for every library: ``lib.filepath = v2; lib.reload()`` (Blender resyncs the overrides);
  * switch — ``update_containers(..., "latest")`` through the Blender host and LinkOverride, with every
    v2 already in the local cache (fetching bytes is not a reload).
Prints the time ratio (target <= 2x), the server requests the switch made (target: one), and checks
that every rig kept its pose and action and gained the new bone. Needs bpy (Python 3.11).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

os.environ.setdefault("BLENDER_USER_RESOURCES", tempfile.mkdtemp(prefix="brickyard-bench-blender-"))
try:
    import bpy  # noqa: E402
except ImportError:
    sys.exit("skipped: bpy is not installed (needs Python 3.11)")

from brickyard.core.inventory import update_containers  # noqa: E402
from brickyard.core.load import load  # noqa: E402
from brickyard.core.load.registry import LoaderRegistry  # noqa: E402
from brickyard.hosts.blender import LOADERS_DIR  # noqa: E402
from brickyard.hosts.blender.adapter import BlenderHost  # noqa: E402

BONES = 40


def rig_file(path: Path, name: str, bones: int, vertices: int) -> None:
    bpy.ops.wm.read_homefile(use_empty=True)
    coll = bpy.data.collections.new(name)
    bpy.context.scene.collection.children.link(coll)
    armature = bpy.data.armatures.new(f"{name}_armature")
    rig = bpy.data.objects.new(f"{name}_rig", armature)
    coll.objects.link(rig)
    bpy.context.view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode="EDIT")
    parent = None
    for number in range(bones):
        bone = armature.edit_bones.new(f"bone_{number:02d}")
        bone.head, bone.tail, bone.parent = (0, 0, number * 0.1), (0, 0, number * 0.1 + 0.1), parent
        parent = bone
    bpy.ops.object.mode_set(mode="OBJECT")
    mesh = bpy.data.meshes.new(f"{name}_body")
    mesh.from_pydata([(i * 0.01, (i % 7) * 0.01, (i % 3) * 0.01) for i in range(vertices)], [],
                     [(i, i + 1, i + 2) for i in range(0, vertices - 2, 3)])
    body = bpy.data.objects.new(f"{name}_body", mesh)
    coll.objects.link(body)
    body.parent = rig
    body.modifiers.new("Armature", "ARMATURE").object = rig
    path.parent.mkdir(parents=True, exist_ok=True)
    bpy.data.libraries.write(str(path), {coll}, fake_user=True)


def publish_rig(client, work: Path, name: str) -> list:
    versions = []
    for number, bones, vertices in ((1, BONES, 3000), (2, BONES + 1, 3600)):
        path = work / "src" / f"v{number}" / f"{name}.blend"
        rig_file(path, name, bones, vertices)
        versions.append(client.publish("bench", name, "rig", {"blend": [path]}, folder="chars",
                                       metadata={"blend_collection": name}))
    return versions


def build_shot(client, host, loaders, rigs: dict, path: Path) -> list[str]:
    bpy.ops.wm.read_homefile(use_empty=True)
    override = loaders.get("LinkOverride")
    ids = []
    for number, (v1, v2) in enumerate(rigs.values()):
        container = load(client, host, override, v1, "blend")
        root = host.container_block(container.id)
        [rig] = [o for o in root.all_objects if o.type == "ARMATURE"]
        rig.location = (number, 0, 0)
        bone = rig.pose.bones["bone_05"]
        bone.rotation_mode = "XYZ"
        bone.rotation_euler = (0.3, 0, 0)
        bone.keyframe_insert("rotation_euler", frame=1)
        ids.append(container.id)
        client.download(v2)  # warm the cache: the switch then fetches no bytes
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    return ids


def bare(shot: Path, new_files: dict[str, str]) -> float:
    bpy.ops.wm.open_mainfile(filepath=str(shot))
    start = time.perf_counter()
    for lib in list(bpy.data.libraries):
        lib.filepath = new_files[os.path.basename(bpy.path.abspath(lib.filepath))]
        lib.reload()
    return time.perf_counter() - start


def switch(client, host, loaders, shot: Path, ids: list[str]) -> tuple[float, int]:
    bpy.ops.wm.open_mainfile(filepath=str(shot))
    requests: list[str] = []
    hook = lambda response, *a, **k: requests.append(response.request.path_url)  # noqa: E731
    client.session.hooks["response"].append(hook)
    start = time.perf_counter()
    outcomes = update_containers(client, host, loaders, ids, "latest")
    elapsed = time.perf_counter() - start
    client.session.hooks["response"].remove(hook)
    failed = [o.message for o in outcomes if not o.ok]
    if failed:
        raise SystemExit(f"switch failed: {failed[:3]}")
    for container_id in ids:  # what the animator must find after it
        [rig] = [o for o in host.container_block(container_id).all_objects if o.type == "ARMATURE"]
        if f"bone_{BONES:02d}" not in rig.data.bones or rig.animation_data.action is None:
            raise SystemExit(f"{rig.name} lost its action or did not gain the new bone")
    return elapsed, len(requests)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rigs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch_dir()
    os.environ["BRICKYARD_CACHE"] = str(work / "cache")
    with running_server(work) as (_, url, token):
        admin_project(url, token).close()
        from brickyard.core.client import Client
        client = Client(url, token, library=work / "library", cache_dir=work / "cache")
        host = BlenderHost("bench")
        loaders = LoaderRegistry("blender", [LOADERS_DIR])
        print(f"publishing {args.rigs} rigs × 2 versions …", flush=True)
        rigs = {f"rig_{i:02d}": publish_rig(client, work, f"rig_{i:02d}") for i in range(args.rigs)}
        shot = work / "shot.blend"
        ids = build_shot(client, host, loaders, rigs, shot)
        new_files = {os.path.basename(str(client.download(v1)[0])): str(client.download(v2)[0])
                     for v1, v2 in rigs.values()}
        bares, ours, counts = [], [], []
        for _ in range(args.rounds):
            bares.append(bare(shot, new_files))
            elapsed, count = switch(client, host, loaders, shot, ids)
            ours.append(elapsed)
            counts.append(count)
        b, o = statistics.median(bares), statistics.median(ours)
        print(f"{args.rigs} overridden rigs: bare repoint+reload {b * 1000:8.1f} ms | switch {o * 1000:8.1f} ms | "
              f"ratio {o / b:5.2f}x (target <= 2x) | server requests {max(counts)} (target 1)")
        client.close()


if __name__ == "__main__":
    main()
