"""A1111 / Forge "infotext" (the PNG ``parameters`` text, EXIF UserComment elsewhere).

    a red fox in the snow
    Negative prompt: blurry
    Steps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1234, Size: 832x1216, Model hash: 6ce0161689, ...

The last line holds the parameters when at least three ``key: value`` pairs match; a quoted value is a
JSON string. The models it names come back with the hash each was quoted by and what that hash is of.
"""

from __future__ import annotations

import json
import re
from typing import Any

PAIR = re.compile(r'\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')
HASHES_JSON = re.compile(r',?\s*Hashes:\s*(\{[^{}]*\})')
LORA_TAG = re.compile(r"<(lora|lyco):([^:>]+)(?::([-\d.]+))?[^>]*>")
NUMBERS = {"Steps": ("steps", int), "CFG scale": ("cfg", float), "Seed": ("seed", int),
           "Clip skip": ("clip_skip", int), "Denoising strength": ("denoise", float)}
TEXTS = {"Sampler": "sampler", "Schedule type": "scheduler", "Model": "checkpoint", "VAE": "vae",
         "Version": "generator_version"}


def looks_like_infotext(text: str) -> bool:
    last = text.strip().rsplit("\n", 1)[-1]
    return len(PAIR.findall(last)) >= 3


def parse_infotext(text: str) -> dict[str, Any]:
    """Generation metadata from an infotext; unknown parameters are kept under ``parameters``."""
    lines = text.strip().split("\n")
    params: dict[str, str] = {}
    hashes: dict[str, str] = {}
    if lines and looks_like_infotext(lines[-1]):
        last = lines.pop()
        match = HASHES_JSON.search(last)
        if match:
            try:
                hashes = {str(k): str(v) for k, v in json.loads(match.group(1)).items()}
            except ValueError:
                pass
            last = last[:match.start()] + last[match.end():]
        for key, value in PAIR.findall(last):
            value = value.strip()
            if value.startswith('"'):
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            params[key.strip()] = str(value)
    prompt, negative, target = [], [], None
    for line in lines:
        if line.startswith("Negative prompt:"):
            target = negative
            line = line[len("Negative prompt:"):].strip()
        (negative if target is negative else prompt).append(line)
    found: dict[str, Any] = {"generator": "a1111", "prompt": "\n".join(prompt).strip()}
    if negative:
        found["negative_prompt"] = "\n".join(negative).strip()
    for key, (name, convert) in NUMBERS.items():
        if key in params:
            try:
                found[name] = convert(params[key])
            except ValueError:
                pass
    for key, name in TEXTS.items():
        if params.get(key):
            found[name] = params[key]
    if "x" in params.get("Size", ""):
        width, _, height = params["Size"].partition("x")
        if width.isdigit() and height.isdigit():
            found["width"], found["height"] = int(width), int(height)
    found["models"] = _models(params, hashes, found["prompt"])
    found["parameters"] = params
    return found


def _models(params: dict[str, str], hashes: dict[str, str], prompt: str) -> list[dict[str, Any]]:
    models: list[dict[str, Any]] = []
    if params.get("Model") or params.get("Model hash"):
        models.append(_model("checkpoint", params.get("Model"), params.get("Model hash")))
    if params.get("VAE") or params.get("VAE hash"):
        models.append(_model("vae", params.get("VAE"), params.get("VAE hash")))
    for name, value in _pairs(params.get("Lora hashes", "")):
        # A1111: the AutoV3 (tensor) hash; Forge since 2025: the whole file's. Either may match.
        models.append({"role": "lora", "name": name, "hash": value, "hash_of": "any", "hash_name": "Lora hash"})
    for name, value in _pairs(params.get("TI hashes", "")):
        models.append({"role": "embedding", "name": name, "hash": value, "hash_of": "file",
                       "hash_name": "TI hash"})
    for key, value in hashes.items():  # the Civitai extension: 10-hex whole-file SHA-256 prefixes
        role, _, name = key.partition(":")
        role = {"model": "checkpoint", "embed": "embedding"}.get(role, role)
        if not any(m["role"] == role and m.get("hash", "").lower() == value.lower() for m in models):
            models.append({"role": role, "name": name or None, "hash": value, "hash_of": "file",
                           "hash_name": "Civitai hash"})
    named = {m["name"] for m in models if m["role"] == "lora"}
    for _, name, weight in LORA_TAG.findall(prompt):
        if name not in named:
            models.append({"role": "lora", "name": name, **({"strength": float(weight)} if weight else {})})
            named.add(name)
    return models


def _model(role: str, name: str | None, value: str | None) -> dict[str, Any]:
    model: dict[str, Any] = {"role": role, "name": name}
    if value:
        # 8 hex digits is the old AutoV1 (a slice of the file, not matchable); 10 is AutoV2 (whole file)
        model.update(hash=value, hash_of="autov1" if len(value) == 8 else "file",
                     hash_name="AutoV1" if len(value) == 8 else "AutoV2")
    return model


def _pairs(text: str) -> list[tuple[str, str]]:
    """``"a: 0123, b: 4567"`` → [("a", "0123"), ("b", "4567")]."""
    pairs = []
    for part in text.split(","):
        name, sep, value = part.rpartition(":")
        if sep and name.strip() and value.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs
