"""``.txt`` prompt presets: a positive prompt, ``Negative prompt:`` and ``{variables}``."""

from __future__ import annotations

import re
from pathlib import Path

from .a1111 import looks_like_infotext, parse_infotext
from .registry import MAX_HEADER_BYTES, Extraction, Extractor

VARIABLE = re.compile(r"\{([A-Za-z_][\w-]*)\}|__([\w/-]+)__")


def prompt_variables(text: str) -> list[str]:
    """``{subject}`` placeholders and ``__wildcard__`` names, in order of first use."""
    return list(dict.fromkeys(a or b for a, b in VARIABLE.findall(text)))


class PromptTextExtractor(Extractor):
    label = "prompt preset"
    extensions = ("txt",)
    kinds = ("prompt",)

    def extract(self, path: Path) -> Extraction:
        with open(path, "rb") as stream:
            text = stream.read(MAX_HEADER_BYTES).decode("utf-8", "replace")
        if looks_like_infotext(text):
            found = parse_infotext(text)
            return Extraction({k: found[k] for k in ("prompt", "negative_prompt") if k in found}, "prompt")
        positive, _, negative = text.partition("Negative prompt:")
        found = {"prompt": positive.strip(), "negative_prompt": negative.strip(),
                 "variables": prompt_variables(text)}
        return Extraction({k: v for k, v in found.items() if v}, "prompt")
