"""Switching 100 linked containers in the real Blender, beside the bare library reloads it needs.

    python benchmarks/blender_switch.py [--containers 100] [--rounds 3]

Two scenes, each measured side by side in the same run (median of the rounds, each round on a freshly
opened copy of the same .blend):
  * distinct — 100 containers of 100 assets (one library each): the bare work is 100 × repoint + reload;
  * shared   — 100 containers of one asset (one library): the bare work is a single repoint + reload.
"switch" is ``update_containers(..., "latest")`` through the Blender host and LinkBlend, with every v2
already in the local cache (fetching bytes is not a library reload). Prints the time ratio (target
<= 2x) and the server requests the switch made (target: O(1), the same for 10 and 100 containers).
Needs bpy (Python 3.11).
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


def publish_asset(client, work: Path, name: str) -> list:
    """v1 and v2 of a one-mesh collection ``name`` (v2 has more vertices)."""
    versions = []
    for number, count in ((1, 30), (2, 60)):
        bpy.ops.wm.read_homefile(use_empty=True)
        mesh = bpy.data.meshes.new(f"{name}_mesh")
        mesh.from_pydata([(i * 0.01, 0, 0) for i in range(count)], [], [])
        coll = bpy.data.collections.new(name)
        coll.objects.link(bpy.data.objects.new(f"{name}_geo", mesh))
        bpy.context.scene.collection.children.link(coll)
        path = work / "src" / f"v{number}" / f"{name}.blend"
        path.parent.mkdir(parents=True, exist_ok=True)
        bpy.data.libraries.write(str(path), {coll}, fake_user=True)
        versions.append(client.publish("bench", name, "model", {"blend": [path]}, folder="props"))
    return versions


def build_scene(client, host, loaders, versions_by_asset, containers: int, path: Path) -> list[str]:
    bpy.ops.wm.read_homefile(use_empty=True)
    link = loaders.get("LinkBlend")
    pairs = list(versions_by_asset.values())
    ids = [load(client, host, link, pairs[i % len(pairs)][0], "blend").id for i in range(containers)]
    for _v1, v2 in pairs:
        client.download(v2)  # warm the cache: the switch then fetches no bytes
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    return ids


def bare_reloads(scene: Path, new_files: dict[str, str]) -> float:
    """Repoint each library at its v2 file and reload: the least any switch has to do."""
    bpy.ops.wm.open_mainfile(filepath=str(scene))
    start = time.perf_counter()
    for lib in list(bpy.data.libraries):
        lib.filepath = new_files[os.path.basename(bpy.path.abspath(lib.filepath))]
        lib.reload()
    return time.perf_counter() - start


def switch(client, host, loaders, scene: Path, ids: list[str]) -> tuple[float, int]:
    bpy.ops.wm.open_mainfile(filepath=str(scene))
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
    return elapsed, len(requests)


def measure(label, client, host, loaders, versions_by_asset, containers, rounds, work) -> None:
    scene = work / f"{label}.blend"
    ids = build_scene(client, host, loaders, versions_by_asset, containers, scene)
    new_files = {os.path.basename(str(client.download(v1)[0])): str(client.download(v2)[0])
                 for v1, v2 in versions_by_asset.values()}
    bare, ours, counts = [], [], []
    for _ in range(rounds):
        bare.append(bare_reloads(scene, new_files))
        elapsed, count = switch(client, host, loaders, scene, ids)
        ours.append(elapsed)
        counts.append(count)
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"{label:9s} {containers:4d} containers / {len(bpy.data.libraries):3d} libraries after: "
          f"bare reloads {b * 1000:8.1f} ms | switch {o * 1000:8.1f} ms | ratio {o / b:5.2f}x (target <= 2x) | "
          f"server requests {max(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--containers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch_dir()
    os.environ["BRICKYARD_CACHE"] = str(work / "cache")
    with running_server(work) as (_, url, token):
        admin = admin_project(url, token)
        admin.close()
        from brickyard.core.client import Client
        client = Client(url, token, library=work / "library", cache_dir=work / "cache")
        host = BlenderHost("bench")
        loaders = LoaderRegistry("blender", [LOADERS_DIR])
        print(f"publishing {args.containers + 1} assets × 2 versions …", flush=True)
        distinct = {f"prop_{i:03d}": publish_asset(client, work, f"prop_{i:03d}") for i in range(args.containers)}
        shared = {"hero": publish_asset(client, work, "hero")}
        small = dict(list(distinct.items())[:10])
        measure("distinct", client, host, loaders, small, 10, args.rounds, work)
        measure("distinct", client, host, loaders, distinct, args.containers, args.rounds, work)
        measure("shared", client, host, loaders, shared, 10, args.rounds, work)
        measure("shared", client, host, loaders, shared, args.containers, args.rounds, work)
        client.close()


if __name__ == "__main__":
    main()
