import pytest
from brickyard.core.errors import InvalidInput
from brickyard.core.kinds import check_metadata, default_kinds, find_kind


def test_every_domain_kind_is_a_default():
    names = {k.name for k in default_kinds()}
    assert {"image", "video", "model", "rig", "lora", "controlnet", "render", "timeline"} <= names


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(InvalidInput, match="unknown kind 'sculpt'.*model"):
        find_kind(default_kinds(), "sculpt")


def test_required_metadata_is_named_when_missing():
    lora = find_kind(default_kinds(), "lora")
    with pytest.raises(InvalidInput) as error:
        check_metadata(lora, {"base_model": ""})
    assert error.value.detail["missing"] == ["base_model"]
    check_metadata(lora, {"base_model": "sdxl"})
