"""``.json`` files: ComfyUI workflows (kind ``workflow``) and prompt presets (kind ``prompt``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .comfyui import is_api_graph, parse_api_graph, parse_ui_workflow
from .registry import MAX_HEADER_BYTES, Extraction, ExtractionError, Extractor
from .text_extractor import prompt_variables

PROMPT_KEYS = ("prompt", "positive", "positive_prompt")
NEGATIVE_KEYS = ("negative", "negative_prompt")


class JsonExtractor(Extractor):
    label = "ComfyUI workflow or prompt preset"
    extensions = ("json",)
    kinds = ("workflow", "prompt")

    def extract(self, path: Path) -> Extraction:
        if path.stat().st_size > MAX_HEADER_BYTES:
            return Extraction(warnings=[f"{path.name} is too large to read as a workflow; not read"])
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ExtractionError("is not valid UTF-8 JSON") from None
        if is_api_graph(data):
            return Extraction(_workflow(parse_api_graph(data)), "workflow")
        if isinstance(data, dict) and isinstance(data.get("nodes"), list):
            return Extraction(_workflow(parse_ui_workflow(data)), "workflow")
        return prompt_preset(data)


def prompt_preset(data: Any) -> Extraction:
    """A preset's positive and negative prompt and its ``{variables}`` (JSON or YAML, the same keys)."""
    if isinstance(data, dict) and any(isinstance(data.get(k), str) for k in PROMPT_KEYS):
        prompt = next(data[k] for k in PROMPT_KEYS if isinstance(data.get(k), str))
        negative = next((data[k] for k in NEGATIVE_KEYS if isinstance(data.get(k), str)), "")
        found: dict[str, Any] = {"prompt": prompt, "negative_prompt": negative,
                                 "variables": prompt_variables(prompt + "\n" + negative)}
        return Extraction(found, "prompt")
    return Extraction()


def _workflow(found: dict[str, Any]) -> dict[str, Any]:
    """A workflow's models are what it *needs*, not what it was made from."""
    found["requires_models"] = found.pop("models", [])
    return found
