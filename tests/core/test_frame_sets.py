"""Frame sets read and written as clique writes them; clique is the oracle."""

from __future__ import annotations

import clique
import pytest

from brickyard.core.errors import InvalidInput
from brickyard.core.frame_sets import describe_frames, parse_frames


@pytest.mark.parametrize("text", ["1-10, 12, 15-20", "1001", "1001-1003, 1005, 1009-1012"])
def test_parse_and_describe_agree_with_clique(text):
    oracle = clique.parse(f"plate.%04d.png [{text}]")
    assert parse_frames(text) == sorted(oracle.indexes)
    assert describe_frames(parse_frames(text)) == oracle.format("{ranges}")
    assert parse_frames(text.replace(" ", "")) == parse_frames(text)  # 1-10,12,15-20 as the issue writes it


def test_negative_frames_which_clique_cannot_read():
    assert parse_frames("-3--1, 0, 2") == [-3, -2, -1, 0, 2]
    assert describe_frames([-3, -2, -1, 0, 2]) == "-3-0, 2"


def test_steps_as_fileseq_writes_them():
    assert parse_frames("1-9x4") == [1, 5, 9]


@pytest.mark.parametrize("bad, words", [("1-a", "'1-a'"), ("10-1", "backwards"), ("1-99999999", "more than")])
def test_bad_sets_say_what_is_wrong(bad, words):
    with pytest.raises(InvalidInput, match=words):
        parse_frames(bad)
