"""``.yaml``/``.yml`` prompt presets (kind ``prompt``), read by the core's own YAML subset reader."""

from __future__ import annotations

from pathlib import Path

from .json_extractor import prompt_preset
from .registry import MAX_HEADER_BYTES, Extraction, ExtractionError, Extractor
from .yaml_reader import YamlError, read_yaml


class YamlPresetExtractor(Extractor):
    label = "prompt preset (YAML)"
    extensions = ("yaml", "yml")
    kinds = ("prompt",)

    def extract(self, path: Path) -> Extraction:
        if path.stat().st_size > MAX_HEADER_BYTES:
            return Extraction(warnings=[f"{path.name} is too large to read as a prompt preset; not read"])
        try:
            data = read_yaml(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            raise ExtractionError("is not UTF-8 text") from None
        except YamlError as exc:
            raise ExtractionError(f"is not YAML this reader takes ({exc})") from None
        return prompt_preset(data)
