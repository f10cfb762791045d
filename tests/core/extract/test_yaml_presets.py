"""YAML prompt presets: the core's own subset reader (stdlib only), compared with PyYAML where both read."""

from __future__ import annotations

import pytest
import yaml  # the test extra's PyYAML: the reference the subset reader must agree with
from brickyard.core.extract import default_registry
from brickyard.core.extract.registry import MAX_HEADER_BYTES
from brickyard.core.extract.yaml_reader import MAX_DEPTH, YamlError, read_yaml

PRESET = """\
# a studio preset
---
name: cinematic
positive: |
  cinematic still of {subject},
  __lighting__, 35mm

negative: >-
  blurry, lowres,
  watermark
steps: 30
cfg: 6.5
hires: true
seed: ~
tags: [film, "moody, dark", 'it''s']
loras:
  - name: hero_style.safetensors
    weight: 0.8
  - name: grain
    weight: 0.3
notes: "a \\"quoted\\" word"  # a comment
"""


@pytest.mark.parametrize("text", [
    PRESET,
    "a: 1\nb:\n  c: two\n  d:\n    - x\n    - y\ne: -3\n",
    "- one\n- two: 2\n  three: 3\n-\n  - nested\n",
    "keep: |+\n  line\n\nnext: x\n",
    "fold: >\n  one\n  two\n\n  three\n    indented\n  four\n",
    "empty:\nlist: []\nquoted: 'x: y # not a comment'\nurl: http://example.com/a#b\n",
])
def test_the_subset_reads_as_pyyaml_does(text):
    assert read_yaml(text) == yaml.safe_load(text)


def test_a_yaml_preset_is_a_prompt_with_its_variables(tmp_path):
    path = tmp_path / "cinematic.yaml"
    path.write_text(PRESET)
    found = default_registry().extract(path)
    assert found.kind == "prompt" and not found.warnings
    assert found.metadata["prompt"] == "cinematic still of {subject},\n__lighting__, 35mm\n"
    assert found.metadata["negative_prompt"] == "blurry, lowres, watermark"
    assert found.metadata["variables"] == ["subject", "lighting"]
    other = tmp_path / "plain.yml"
    other.write_text("prompt: 'a {animal} in the snow'\nnegative_prompt: cartoon\n")
    assert default_registry().extract(other).metadata["variables"] == ["animal"]


@pytest.mark.parametrize("text, says", [
    ("base: &b\n  x: 1\nother: *b\n", "anchors, aliases and tags"),
    ("value: !!python/object:os.system ls\n", "anchors, aliases and tags"),
    ("positive: {subject} in a forest\n", "flow mappings"),
    ("a: 1\n---\nb: 2\n", "several YAML documents"),
    ("a: 1\na: 2\n", "given twice"),
    ("a:\n\tb: 1\n", "tab"),
    ("a: \"open\n", "must end on its line"),
    ("a: [1, [2]]\n", "nested flow"),
])
def test_what_the_subset_does_not_read_is_refused_with_the_line(text, says):
    with pytest.raises(YamlError, match=says):
        read_yaml(text)


def test_hostile_presets_stay_bounded(tmp_path):
    deep = "".join("  " * n + f"k{n}:\n" for n in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v: 1\n"
    with pytest.raises(YamlError, match="nested deeper"):
        read_yaml(deep)
    bad = tmp_path / "bad.yaml"
    bad.write_text("prompt: &a x\n")
    found = default_registry().extract(bad)
    assert found.kind is None and "anchors" in found.warnings[0] and "bad.yaml" in found.warnings[0]
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"prompt: " + b"x" * (MAX_HEADER_BYTES + 1))
    assert "too large" in default_registry().extract(huge).warnings[0]
    binary = tmp_path / "binary.yml"
    binary.write_bytes(b"prompt: \xff\xfe")
    assert "not UTF-8" in default_registry().extract(binary).warnings[0]
