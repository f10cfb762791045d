import pytest
from brickyard.core.errors import InvalidInput
from brickyard.core.reference import Reference


def test_round_trip_with_folder_version_and_representation():
    ref = Reference.parse("brickyard://film/characters/hero/hero_rig?version=4&representation=blend")
    assert (ref.project, ref.folder, ref.asset, ref.version, ref.representation) == \
        ("film", "characters/hero", "hero_rig", 4, "blend")
    assert Reference.parse(str(ref)) == ref


def test_version_defaults_to_latest_and_accepts_words():
    assert Reference.parse("brickyard://film/hero").version == "latest"
    assert Reference.parse("brickyard://film/hero?version=approved").version == "approved"
    assert Reference.parse("brickyard://film/hero").asset_path == "hero"


@pytest.mark.parametrize("text", ["http://film/hero", "brickyard:///hero", "brickyard://film",
                                  "brickyard://film/hero?version=0", "brickyard://film/hero?v=1"])
def test_malformed_references_say_what_is_wrong(text):
    with pytest.raises(InvalidInput, match="not an asset reference"):
        Reference.parse(text)


@pytest.mark.parametrize("text", [
    "brickyard://film/characters/hero?version=approved&representation=blend",
    "brickyard://film/hero?version=12",
    "brickyard://film/a/b/c/hero_v2?version=latest",
    "brickyard://my-show/env.set/tree?version=1&representation=usd",
])
def test_the_quick_path_for_canonical_references_agrees_with_the_general_parser(text):
    # a leading space keeps the text off the quick path; the general parser strips it
    assert Reference.parse(text) == Reference.parse(" " + text)
    assert str(Reference.parse(text)) == text
