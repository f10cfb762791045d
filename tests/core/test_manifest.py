from pathlib import Path

import pytest
from brickyard.core.errors import InvalidInput
from brickyard.core.manifest import plan_representations


def make(root: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
        paths.append(path)
    return paths


def summary(plans):
    return {p.name: [(f.path, f.frame) for f in p.files] for p in plans}


def test_loose_files_are_grouped_by_lower_case_extension(tmp_path):
    plans = plan_representations(make(tmp_path, "hero.blend", "hero.GLB"))
    assert summary(plans) == {"blend": [("hero.blend", None)], "glb": [("hero.GLB", None)]}


def test_numbered_frames_of_one_stem_form_a_sequence(tmp_path):
    frames = make(tmp_path, "shot_1002.exr", "shot_1001.exr", "shot_1003.exr")
    [plan] = plan_representations(frames)
    assert (plan.name, plan.frame_start, plan.frame_end) == ("exr", 1001, 1003)
    assert [(f.path, f.frame) for f in plan.files] == [("shot_1001.exr", 1001), ("shot_1002.exr", 1002),
                                                       ("shot_1003.exr", 1003)]


def test_a_gap_in_a_sequence_names_the_missing_frames(tmp_path):
    frames = make(tmp_path, "shot_1001.exr", "shot_1002.exr", "shot_1005.exr", "shot_1007.exr")
    with pytest.raises(InvalidInput) as error:
        plan_representations(frames)
    assert "1003-1004, 1006" in error.value.message
    assert error.value.detail["missing"] == [1003, 1004, 1006]


def test_files_of_one_extension_with_different_stems_are_plain_files(tmp_path):
    [plan] = plan_representations(make(tmp_path, "albedo_1.png", "normal_1.png"))
    assert plan.frame_start is None and [f.frame for f in plan.files] == [None, None]


def test_a_directory_is_one_representation_keeping_relative_paths(tmp_path):
    make(tmp_path / "tex", "a.png", "b.png", "sub/c.png", "notes.txt", ".DS_Store")
    [plan] = plan_representations([tmp_path / "tex"])
    assert plan.name == "png"  # the dominant extension
    assert [f.path for f in plan.files] == ["a.png", "b.png", "notes.txt", "sub/c.png"]
    [named] = plan_representations([tmp_path / "tex"], representation="textures")
    assert named.name == "textures"


def test_a_directory_of_frames_is_a_sequence(tmp_path):
    make(tmp_path / "render", "beauty.0001.exr", "beauty.0002.exr")
    [plan] = plan_representations([tmp_path / "render"])
    assert (plan.frame_start, plan.frame_end) == (1, 2)


def test_explicit_mapping_names_representations(tmp_path):
    blend, = make(tmp_path, "hero.blend")
    make(tmp_path / "proxy", "p.abc")
    plans = plan_representations({"main": blend, "proxy": [tmp_path / "proxy"]})
    assert summary(plans) == {"main": [("hero.blend", None)], "proxy": [("p.abc", None)]}


@pytest.mark.parametrize("case", ["missing", "empty_dir", "nothing"])
def test_nothing_to_publish_names_the_path(tmp_path, case):
    if case == "missing":
        paths, needle = [tmp_path / "nope.blend"], "nope.blend"
    elif case == "empty_dir":
        (tmp_path / "empty").mkdir()
        paths, needle = [tmp_path / "empty"], "empty"
    else:
        paths, needle = [], "nothing"
    with pytest.raises(InvalidInput, match=needle):
        plan_representations(paths)


def test_two_representations_with_one_name_are_refused(tmp_path):
    make(tmp_path / "d", "x.png")
    files = make(tmp_path, "y.png")
    with pytest.raises(InvalidInput, match="'png'"):
        plan_representations([tmp_path / "d", *files])


def test_two_sources_with_one_stored_name_are_refused(tmp_path):
    a, = make(tmp_path / "a", "hero.blend")
    b, = make(tmp_path / "b", "hero.blend")
    with pytest.raises(InvalidInput, match="hero.blend"):
        plan_representations([a, b])
