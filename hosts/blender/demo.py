"""The Blender part of ``brickyard demo``: a headless Blender publishes, loads and switches, narrated.

    $ python -m brickyard.hosts.blender.demo --url http://127.0.0.1:8765 --token TOKEN --project demo \\
          --workdir brickyard-data/blender

Everything goes through the add-on's operators, as an artist's clicks would. Exit code 0 on success,
1 with a one-line error on failure, 3 when bpy is not installed (it needs Python 3.11).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

ASSET, FOLDER = "crate", "props"


def run(url: str, token: str, project: str, workdir: str | Path) -> list[str]:
    """Publish a collection, link it into a shot, publish v2, switch the shot to it; then the same for a
    rig linked with a library override and posed (``demo_rig``); the narration."""
    import addon_utils
    import bpy

    from . import ADDON_ID, demo_rig
    from .ui.props import ui_state

    workdir = Path(workdir).resolve()
    lines: list[str] = []
    if ADDON_ID not in bpy.context.preferences.addons:
        addon_utils.enable(ADDON_ID, default_set=True, persistent=True)
    prefs = bpy.context.preferences.addons[ADDON_ID].preferences
    saved = (prefs.url, prefs.token, prefs.project, prefs.library)
    prefs.url, prefs.token, prefs.project, prefs.library = url, token, project, str(workdir / "library")
    try:
        model, shot = workdir / "crate_model.blend", workdir / "shot_layout.blend"
        _model_file(model)
        _call(bpy.ops.brickyard.create_instance, creator="CreateCollection", target=ASSET, folder=FOLDER,
              formats="blend,glb")
        _call(bpy.ops.brickyard.publish, comment="blocking", status="review")
        first = ui_state().message.removeprefix("published ")
        lines.append(f"Blender: published the collection '{ASSET}' from {model.name} as {first} (.blend + .glb, "
                     "with a Workbench thumbnail)")

        bpy.ops.wm.read_homefile(use_empty=True)
        bpy.ops.wm.save_as_mainfile(filepath=str(shot))
        _call(bpy.ops.brickyard.load, reference=first.split("&")[0], representation="blend", loader="LinkBlend")
        empty = next(o for o in bpy.data.objects if o.instance_type == "COLLECTION")
        empty.location = (2.0, 0.0, 0.0)
        bpy.ops.wm.save_mainfile()
        lines.append(f"Blender: linked it into {shot.name} as the instance '{empty.name}' and moved it to x=2")

        bpy.ops.wm.open_mainfile(filepath=str(model))
        bpy.data.objects[f"{ASSET}_geo"].data = _crate_mesh(with_lid=True)
        bpy.ops.wm.save_mainfile()
        _call(bpy.ops.brickyard.publish, comment="more detail", status="review")
        second = ui_state().message.removeprefix("published ")
        lines.append(f"Blender: gave the crate a lid and published {second}")

        bpy.ops.wm.open_mainfile(filepath=str(shot))
        _call(bpy.ops.brickyard.refresh_inventory)
        row = ui_state().containers[0]
        lines.append(f"Blender: the shot's inventory says '{row.name}' is {row.state}: "
                     f"v{row.loaded} loaded, v{row.latest} latest")
        _call(bpy.ops.brickyard.update, outdated=True)
        empty = bpy.data.objects[row.name]
        library = bpy.path.abspath(empty.instance_collection.library.filepath)
        bpy.ops.wm.save_mainfile()
        lines.append(f"Blender: {ui_state().message}; the library now reads {library}, "
                     f"and the instance is still at x={empty.location.x:g}")
        lines += demo_rig.run(workdir, _call, lambda: ui_state().message)
        return lines
    finally:
        prefs.url, prefs.token, prefs.project, prefs.library = saved


def _crate_mesh(with_lid: bool = False):
    """A box (and a thinner lid floating above it, for v2): real faces, so the thumbnail shows something."""
    import bpy

    boxes = [((0, 0, 0), (1, 1, 1))] + ([((-0.05, -0.05, 1.15), (1.1, 1.1, 0.1))] if with_lid else [])
    vertices, faces = [], []
    for (x, y, z), (w, d, h) in boxes:
        base = len(vertices)
        vertices += [(x + w * (i & 1), y + d * (i >> 1 & 1), z + h * (i >> 2)) for i in range(8)]
        faces += [[base + i for i in face] for face in
                  ((0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (2, 6, 7, 3), (0, 4, 6, 2), (1, 3, 7, 5))]
    mesh = bpy.data.meshes.new(f"{ASSET}_mesh")
    mesh.from_pydata(vertices, [], faces)
    return mesh


def _model_file(path: Path) -> None:
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    geo = bpy.data.objects.new(f"{ASSET}_geo", _crate_mesh())
    coll = bpy.data.collections.new(ASSET)
    bpy.context.scene.collection.children.link(coll)
    coll.objects.link(geo)
    path.parent.mkdir(parents=True, exist_ok=True)
    bpy.ops.wm.save_as_mainfile(filepath=str(path))


def _call(operator, **kwargs) -> None:
    try:
        operator(**kwargs)
    except RuntimeError as exc:  # the operator's own report: say which step failed
        raise RuntimeError(f"{operator.idname_py()}: {str(exc).strip().removeprefix('Error: ')}") from None


@contextmanager
def _quiet_stdout():
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brickyard.hosts.blender.demo",
                                     description="Headless Blender: publish, load and switch against a server")
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--workdir", required=True, type=Path)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    # Before bpy starts: keep its user config and extensions inside the demo's folder.
    os.environ.setdefault("BLENDER_USER_RESOURCES", str(args.workdir.resolve() / "blender-user"))
    try:
        import bpy  # noqa: F401
    except ImportError:
        print("skipped: bpy is not installed (needs Python 3.11)")
        return 3
    try:
        with _quiet_stdout():  # Blender's own chatter ("Info: Saved ...") would bury the narration
            lines = run(args.url, args.token, args.project, args.workdir)
        for line in lines:
            print(line, flush=True)
    except Exception as exc:  # one line, no traceback: the CLI shows it as it is
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
