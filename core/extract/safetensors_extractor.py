"""``.safetensors``: ModelSpec (``modelspec.*``) and kohya (``ss_*``) metadata, else the tensor names.

Only the header is read. The hashes (full SHA-256, AutoV2, AutoV3 of the tensor bytes) are computed by
the publish's one hashing pass, starting the tensor hash at ``Extraction.tensor_offset``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .base_models import normalise_base_model
from .registry import Extraction, Extractor
from .safetensors_header import read_header
from .tensor_names import classify

KIND_OF_TYPE = {"lora": "lora", "locon": "lora", "loha": "lora", "lokr": "lora", "dora": "lora", "oft": "lora",
                "controlnet": "controlnet", "control-lora": "controlnet", "t2i-adapter": "controlnet",
                "textual-inversion": "embedding", "ip-adapter": "embedding", "checkpoint": "checkpoint",
                "vae": "checkpoint"}
MODELSPEC_FIELDS = {"title": "title", "author": "author", "description": "description", "license": "license",
                    "resolution": "resolution", "prediction_type": "prediction_type", "date": "date",
                    "usage_hint": "usage_hint", "merged_from": "merged_from"}
KOHYA_FIELDS = {"ss_output_name": "output_name", "ss_network_module": "network_module",
                "ss_network_dim": "network_dim", "ss_network_alpha": "network_alpha",
                "ss_resolution": "training_resolution", "ss_num_epochs": "epochs", "ss_steps": "steps",
                "ss_training_comment": "training_comment", "ss_sd_model_name": "trained_on",
                "ss_new_sd_model_hash": "trained_on_sha256", "ss_clip_skip": "clip_skip"}
TRIGGER_WORDS = 10  # the most frequent training tags, as trigger words


class SafetensorsExtractor(Extractor):
    label = "safetensors header"
    extensions = ("safetensors",)
    kinds = ("lora", "controlnet", "embedding", "checkpoint")

    def extract(self, path: Path) -> Extraction:
        header = read_header(path)
        meta = header.metadata
        found: dict[str, Any] = {"format": "safetensors", "tensor_count": len(header.tensors)}
        model_type, base_from_keys = classify(header.tensors)
        architecture = meta.get("modelspec.architecture")
        if architecture:
            found["architecture"] = architecture
            model_type = _type_from_architecture(architecture) or model_type
        model_type = _type_from_kohya(meta) or model_type
        raw_base = meta.get("ss_base_model_version") or architecture
        base = normalise_base_model(raw_base) or base_from_keys
        if base:
            found["base_model"] = base
        if raw_base:
            found["base_model_raw"] = raw_base
        if model_type:
            found["model_type"] = model_type
        for key, name in MODELSPEC_FIELDS.items():
            if meta.get(f"modelspec.{key}"):
                found[name] = meta[f"modelspec.{key}"]
        for key, name in KOHYA_FIELDS.items():
            value = meta.get(key)
            if value not in (None, "", "None"):
                found[name] = _number(value)
        triggers = _trigger_words(meta)
        if triggers:
            found["trigger_words"] = triggers
        claims = {k: meta[k] for k in ("modelspec.hash_sha256", "sshs_model_hash") if meta.get(k)}
        if claims:
            found["embedded_hashes"] = claims  # claims; publish checks them against the computed hash
        return Extraction(found, KIND_OF_TYPE.get(model_type or ""), [], header.tensor_offset)


def _type_from_architecture(architecture: str) -> str | None:
    adapter = architecture.rsplit("/", 1)[-1].lower() if "/" in architecture else ""
    return {"lora": "lora", "textual-inversion": "textual-inversion", "controlnet": "controlnet",
            "control-lora": "control-lora", "vae": "vae", "ip-adapter": "ip-adapter"}.get(
        adapter, "checkpoint" if not adapter else None)


def _type_from_kohya(meta: dict[str, str]) -> str | None:
    module = meta.get("ss_network_module", "")
    if not module:
        return None
    try:
        args = json.loads(meta.get("ss_network_args") or "{}")
    except ValueError:
        args = {}
    args = args if isinstance(args, dict) else {}
    if str(args.get("dora_wd", "")).lower() == "true":
        return "dora"
    algo = str(args.get("algo", "")).lower()
    if module.startswith("lycoris") and algo in ("locon", "loha", "lokr", "oft", "diag-oft", "boft"):
        return "oft" if "oft" in algo else algo
    return "oft" if module.endswith(".oft") else "lora"


def _trigger_words(meta: dict[str, str]) -> list[str]:
    phrase = meta.get("modelspec.trigger_phrase")
    if phrase:
        return [w.strip() for w in phrase.split(",") if w.strip()]
    try:
        frequency = json.loads(meta.get("ss_tag_frequency") or "{}")
    except ValueError:
        return []
    counts: dict[str, int] = {}
    for tags in frequency.values() if isinstance(frequency, dict) else []:
        for tag, count in (tags.items() if isinstance(tags, dict) else []):
            if isinstance(count, int):
                counts[tag.strip()] = counts.get(tag.strip(), 0) + count
    return [tag for tag, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TRIGGER_WORDS] if tag]


def _number(text: str) -> Any:
    """kohya stringifies every value: give numbers back their type."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return text
