"""Pickled model files (``.ckpt .pt .pth .bin``): never opened as pickles — they can run code on load.

Only the file name is read, and the publish carries a warning that says so.
"""

from __future__ import annotations

from pathlib import Path

from .base_models import normalise_base_model
from .registry import Extraction, Extractor

NAME_KINDS = (("controlnet", "controlnet"), ("control_", "controlnet"), ("lora", "lora"), ("lyco", "lora"),
              ("embedding", "embedding"), ("ip-adapter", "embedding"), ("ip_adapter", "embedding"),
              ("vae", "checkpoint"))


class PickleExtractor(Extractor):
    label = "pickled model (file name only)"
    extensions = ("ckpt", "pt", "pth", "bin")
    kinds = ("lora", "controlnet", "embedding", "checkpoint")

    def extract(self, path: Path) -> Extraction:
        name = path.stem.lower()
        found: dict = {"format": "pickle"}
        base = normalise_base_model(name)
        if base:
            found["base_model"] = base
        kind = next((k for token, k in NAME_KINDS if token in name), "checkpoint" if path.suffix == ".ckpt" else None)
        warning = (f"{path.name} is a pickle: Brickyard never unpickles it (loading a pickle can run any code), "
                   "so its metadata comes from the file name only; convert it to .safetensors to have it read")
        return Extraction(found, kind, [warning])
