import pytest
from brickyard.core.errors import NamingError
from brickyard.core.models import NamingRules
from brickyard.core.naming import check_asset_name, check_folder, layout_path, split_frame

RULES = NamingRules()


def test_asset_names_follow_the_pattern_and_suggest_a_fix():
    check_asset_name(RULES, "hero_rig")
    with pytest.raises(NamingError, match="'hero_rig'") as error:
        check_asset_name(RULES, "HeroRig")
    assert error.value.detail == {"rule": "name_pattern", "name": "HeroRig"}


@pytest.mark.parametrize("folder", ["/abs", "a//b", "a/../b", "Chars"])
def test_bad_folders_are_refused(folder):
    with pytest.raises(NamingError):
        check_folder(RULES, folder)


def test_split_frame():
    assert split_frame("shot_1001.exr") == ("shot_", 1001, 4, "exr")
    assert split_frame("hero.blend") is None


def test_layout_single_file_other_representation_and_frames():
    common = dict(folder="chars", asset="hero", version=3)
    assert layout_path(RULES, representation="blend", filename="x.blend", **common) == \
        "chars/hero/v003/hero_v003.blend"
    assert layout_path(RULES, representation="proxy", filename="x.abc", **common) == \
        "chars/hero/v003/hero_v003_proxy.abc"
    assert layout_path(RULES, representation="exr", filename="b.0042.exr", frame=42, file_count=2,
                       **common) == "chars/hero/v003/hero_v003.0042.exr"
    assert layout_path(RULES, representation="tex", filename="sub/a.png", file_count=2, **common) == \
        "chars/hero/v003/tex/sub/a.png"


def test_layout_puts_each_project_in_its_own_folder_unless_the_template_places_it():
    common = dict(folder="chars", asset="hero", version=3, representation="blend", filename="x.blend")
    assert layout_path(RULES, project="film", **common) == "film/chars/hero/v003/hero_v003.blend"
    placed = NamingRules(file_template="shows/{project}/{asset}/v{version:03d}/{asset}.{ext}")
    assert layout_path(placed, project="film", **common) == "shows/film/hero/v003/hero.blend"
