"""The Load and Inventory panels' operators against the real server — approved-only search, update all
outdated without a refresh first, to approved, set a version — and the three panels drawn into a layout
that checks every property, operator (and its settings) and icon they name exists in this Blender."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender.ui.panels import CLASSES as PANELS  # noqa: E402
from brickyard.hosts.blender.ui.props import ui_state  # noqa: E402

from .scenes import mesh_collection, new_file, vertex_count  # noqa: E402

ICONS = set(bpy.types.UILayout.bl_rna.functions["label"].parameters["icon"].enum_items.keys())


class CheckingLayout:
    """Stands in for ``UILayout`` (there is none headless): records labels, checks every name it is given."""

    def __init__(self, drawn=None):
        self.drawn = drawn if drawn is not None else []
        self.alert = False

    def _icon(self, icon):
        assert icon in ICONS, f"no icon {icon!r} in this Blender"

    def row(self, **_):
        child = CheckingLayout(self.drawn)
        self.drawn.append(("row", child))
        return child

    box = column = row

    def label(self, text="", icon="NONE"):
        self._icon(icon)
        self.drawn.append(("label", text, self))

    def prop(self, data, name, icon="NONE", **_):
        self._icon(icon)
        assert name in data.bl_rna.properties, f"{type(data).__name__} has no property {name!r}"

    def operator(self, idname, icon="NONE", **_):
        self._icon(icon)
        module, name = idname.split(".")
        cls = getattr(bpy.types, f"{module.upper()}_OT_{name}", None)
        assert cls is not None, f"no operator {idname}"
        self.drawn.append(("operator", idname))
        return OperatorSettings(idname)

    def operator_menu_enum(self, idname, prop, icon="NONE", **_):
        settings = self.operator(idname, icon=icon)
        setattr(settings, prop, None)

    def template_list(self, _list_type, _list_id, data, items, active_data, active, **_):
        assert items in data.bl_rna.properties and active in active_data.bl_rna.properties

    def template_icon(self, icon_value=0, scale=1.0):
        self.drawn.append(("icon", icon_value, scale))

    def labels(self):
        return [entry[1] for entry in self.drawn if entry[0] == "label"]

    def alerts(self):
        return [entry[1] for entry in self.drawn if entry[0] == "label" and entry[2].alert]


class OperatorSettings:
    def __init__(self, idname):
        module, name = idname.split(".")
        rna = getattr(getattr(bpy.ops, module), name).get_rna_type()
        object.__setattr__(self, "names", set(rna.properties.keys()))

    def __setattr__(self, name, value):
        assert name in self.names, f"the operator has no setting {name!r}"


def draw(panel) -> CheckingLayout:
    layout = CheckingLayout()
    panel.draw(SimpleNamespace(layout=layout), bpy.context)
    return layout


def publish(client, tmp_path, counts, asset="hero"):
    versions = []
    for number, count in enumerate(counts, 1):
        bpy.ops.wm.read_homefile(use_empty=True)
        coll = mesh_collection(asset, count)
        path = tmp_path / "src" / asset / f"v{number}" / f"{asset}.blend"
        path.parent.mkdir(parents=True)
        bpy.data.libraries.write(str(path), {coll}, fake_user=True)
        versions.append(client.publish("film", asset, "model", {"blend": [path]}, folder="chars",
                                       metadata={"blend_collection": asset}))
    return versions


def loaded_counts():
    return sorted(vertex_count(o.instance_collection) for o in bpy.data.objects if o.instance_type == "COLLECTION")


def test_inventory_operators_and_panels(connected, studio, tmp_path):
    v1, v2, v3 = publish(connected, tmp_path, [3, 6, 9])
    studio.client("sam").set_status(v2.reference, "approved")
    publish(connected, tmp_path, [4], asset="villain")  # nothing of it approved
    new_file(tmp_path / "shot.blend")
    state = ui_state()

    state.approved_only = True  # the Load panel: only approved assets, only approved versions
    assert bpy.ops.brickyard.search_assets() == {"FINISHED"}
    assert [a.reference for a in state.assets] == ["brickyard://film/chars/hero?version=latest"]
    assert bpy.ops.brickyard.list_versions() == {"FINISHED"}
    assert [v.number for v in state.versions] == [2]
    state.approved_only = False
    assert bpy.ops.brickyard.search_assets() == {"FINISHED"}
    assert sorted(a.reference.split("/")[-1] for a in state.assets) == ["hero?version=latest",
                                                                       "villain?version=latest"]
    state.asset_index = next(i for i, a in enumerate(state.assets) if "/hero?" in a.reference)
    assert bpy.ops.brickyard.list_versions() == {"FINISHED"}
    assert [v.number for v in state.versions] == [3, 2, 1]
    state.version_index = 2
    assert state.representation == "blend" and state.loader == "LinkBlend"
    assert draw(PANELS[1]).labels()[0].startswith("3 version(s)")  # the outcome shows in the Load panel

    for _ in range(2):  # from the panel's picks: v1, blend, LinkBlend
        assert bpy.ops.brickyard.load() == {"FINISHED"}
    assert loaded_counts() == [3, 3]
    assert len(state.containers) == 0  # never refreshed: "Update all outdated" must ask the server itself
    assert bpy.ops.brickyard.update(outdated=True) == {"FINISHED"}
    assert state.message == "updated 2 of 2 to v3" and loaded_counts() == [9, 9]
    assert bpy.ops.brickyard.update(outdated=True) == {"FINISHED"}
    assert state.message.startswith("nothing is outdated")

    first, second = state.containers
    first.selected = True
    assert bpy.ops.brickyard.update(to="approved") == {"FINISHED"}
    assert loaded_counts() == [6, 9]
    first.selected, second.selected = False, True  # the refresh kept the ticks by container
    state.set_number = 1
    assert bpy.ops.brickyard.update(to="number") == {"FINISHED"}
    assert loaded_counts() == [3, 6]

    inventory = draw(PANELS[2])
    rows = [t for t in inventory.labels() if " / latest " in t]
    assert sorted(rows) == sorted([f"{c.name}  v{c.loaded} / latest v3 / approved v2" for c in state.containers])
    assert {c.loaded for c in state.containers} == {1, 2}
    assert {c.state for c in state.containers} == {"outdated"}
    assert sorted(t for t in inventory.alerts() if " / latest " in t) == sorted(rows)  # outdated: highlighted
    assert ("operator", "brickyard.update") in inventory.drawn
    assert bpy.ops.brickyard.update(outdated=True) == {"FINISHED"}
    assert not [t for t in draw(PANELS[2]).alerts() if " / latest " in t]
    draw(PANELS[0])


def test_nothing_ticked_says_what_to_do(connected):
    with pytest.raises(RuntimeError, match="nothing to update: tick containers"):
        bpy.ops.brickyard.update(to="latest")
    assert [e for e in draw(PANELS[2]).drawn if e[0] == "operator"] == \
        [("operator", "brickyard.refresh_inventory"), ("operator", "brickyard.update")]


def test_the_load_panel_shows_the_picked_versions_thumbnail(connected, tmp_path):
    import time

    from brickyard.hosts.blender.ui import thumbnails
    from PIL import Image

    from tests.support.media import make_clip

    drawn = tmp_path / "thumb.png"
    Image.new("RGB", (64, 32), (200, 40, 40)).save(drawn)
    given = connected.publish("film", "crate", "model", {"txt": [tmp_path / "thumb.png"]}, thumbnail=drawn)
    clip = connected.publish("film", "spin", "video", [make_clip(tmp_path / "spin.mov", 6, width=96, height=54)])
    deadline = time.monotonic() + 60  # the server's background worker derives the clip's thumbnail
    while connected.previews(clip.reference).representations[0].state.value != "ready":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    state = ui_state()
    for version, size in ((given, (64, 32)), (clip, (96, 54))):
        assert bpy.ops.brickyard.list_versions(reference=version.reference) == {"FINISHED"}
        [item] = state.versions
        preview = thumbnails.get(item.thumbnail)
        assert preview is not None and tuple(preview.image_size) == size
        assert [e[0] for e in draw(PANELS[1]).drawn].count("icon") == 1
