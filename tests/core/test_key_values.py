"""KEY=VALUE metadata text: JSON values keep their type, other text stays text, and it reads back."""

import pytest
from brickyard.core.key_values import format_key_value, parse_key_value


@pytest.mark.parametrize("text, expected", [
    ("fps=24", ("fps", 24)), ("loop=true", ("loop", True)), ("range=[1001, 1100]", ("range", [1001, 1100])),
    ("base_model = sdxl ", ("base_model", "sdxl")), ("note=a=b", ("note", "a=b")), ("empty=", ("empty", "")),
])
def test_values_keep_their_json_type_or_stay_text(text, expected):
    assert parse_key_value(text) == expected
    assert parse_key_value(format_key_value(*expected)) == expected


@pytest.mark.parametrize("value", ["24", "true", " padded ", "[x", "plain text", 24, None, {"a": [1]}])
def test_what_is_written_reads_back_the_same(value):
    assert parse_key_value(format_key_value("key", value)) == ("key", value)


@pytest.mark.parametrize("text", ["fps", "=24", "  =x"])
def test_a_line_without_a_key_is_refused(text):
    with pytest.raises(ValueError, match="must look like KEY=VALUE"):
        parse_key_value(text)
