"""Control characters in names and texts: what is refused, and the fast scan agreeing with the rule."""

from __future__ import annotations

import unicodedata

import pytest
from brickyard.core.limits import BIDI_CONTROLS, control_characters


def by_the_rule(text: str, allow_lines: bool) -> list[str]:
    """The definition, a character at a time: Unicode Cc and Cs, the line and paragraph separators, and
    (single-line values only) tab, newline and the bidirectional marks."""
    found = {ascii(c)[1:-1] for c in text
             if not (allow_lines and c in "\t\n\r")
             and (unicodedata.category(c) in ("Cc", "Cs") or c in "\u2028\u2029"
                  or (not allow_lines and c in BIDI_CONTROLS))}
    return sorted(found)


@pytest.mark.parametrize("allow_lines", [False, True], ids=["single-line", "free-text"])
def test_the_scan_finds_exactly_what_the_rule_names_for_every_character_of_the_basic_plane(allow_lines):
    astral = range(0x10000, 0x110000, 997)  # a spread of the rest: none is a control character
    for code in [*range(0x10000), *astral]:
        text = f"ab{chr(code)}cd"
        assert control_characters(text, allow_lines=allow_lines) == by_the_rule(text, allow_lines), hex(code)


def test_names_refuse_what_free_text_keeps():
    assert control_characters("evil\u202egnp.exe") == ["\\u202e"]
    assert control_characters("evil\u202egnp.exe", allow_lines=True) == []
    assert control_characters("two\nlines\tand a tab") == ["\\n", "\\t"]
    assert control_characters("two\nlines\tand a tab", allow_lines=True) == []
    assert control_characters("nul\x00 and escape\x1b", allow_lines=True) == ["\\x00", "\\x1b"]
    assert control_characters("a lighthouse at dusk, take 12 — 8k, «cinematic»") == []
