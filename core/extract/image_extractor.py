"""Images (PNG, JPEG, WebP): generation parameters from A1111/Forge, ComfyUI, InvokeAI, Fooocus, SwarmUI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .a1111 import looks_like_infotext, parse_infotext
from .comfyui import is_api_graph, parse_api_graph, parse_ui_workflow
from .image_text import ImageText, read_image_text
from .registry import Extraction, Extractor
from .stealth_png import StealthError, read_stealth


class ImageExtractor(Extractor):
    label = "image generation metadata"
    extensions = ("png", "jpg", "jpeg", "webp")
    kinds = ("image",)

    def extract(self, path: Path) -> Extraction:
        carried = read_image_text(path)
        found: dict[str, Any] = interpret(carried)
        if not found and carried.format == "png":  # nothing in the text chunks: maybe hidden in the pixels
            found = _stealth(path, carried)
        if carried.width and carried.height:  # the pixels' size, not the size the generator was asked for
            found.update(width=carried.width, height=carried.height)
        return Extraction(found, "image", [f"{path.name}: {w}" for w in carried.warnings])


def _stealth(path: Path, carried: ImageText) -> dict[str, Any]:
    """What a "stealth" PNG hides in its alpha or RGB low bits: NovelAI's fields as JSON, or any tool's text."""
    try:
        hidden = read_stealth(path)
    except StealthError as exc:
        carried.warnings.append(str(exc))
        return {}
    if not hidden:
        return {}
    data = _json(hidden)
    if isinstance(data, dict):
        text = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    else:
        text = {"parameters": hidden}
    return interpret(ImageText("png", text))


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def interpret(carried: ImageText) -> dict[str, Any]:
    """The generation metadata the image's text carries, whichever tool wrote it ({} for none)."""
    text = carried.text
    for value in (text.get("Model", ""), text.get("Make", "")):
        if value.startswith("prompt:"):  # ComfyUI's animated WebP: EXIF Model = "prompt:" + API graph
            text.setdefault("prompt", value[len("prompt:"):])
        elif value.startswith("workflow:"):
            text.setdefault("workflow", value[len("workflow:"):])
    graph = _json(text.get("prompt"))
    if is_api_graph(graph):
        return parse_api_graph(graph)
    invoke = _json(text.get("invokeai_metadata"))
    if isinstance(invoke, dict):
        return _invokeai(invoke)
    novelai = _json(text.get("Comment"))
    if isinstance(novelai, dict) and (text.get("Software") == "NovelAI" or "uc" in novelai):
        return _novelai(novelai, text)
    for key in ("parameters", "UserComment", "Comment", "ImageDescription"):
        value = text.get(key)
        if not value:
            continue
        data = _json(value)
        if isinstance(data, dict) and isinstance(data.get("sui_image_params"), dict):
            return _swarmui(data)
        if isinstance(data, dict) and ("base_model" in data or "full_prompt" in data) and "prompt" in data:
            return _fooocus(data)
        if looks_like_infotext(value):
            found = parse_infotext(value)
            if text.get("fooocus_scheme"):
                found["generator"] = "fooocus"
            return found
    workflow = _json(text.get("workflow"))
    if isinstance(workflow, dict):
        return parse_ui_workflow(workflow)
    return {}


def _invokeai(meta: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"generator": "invokeai", "prompt": meta.get("positive_prompt", ""),
                             "negative_prompt": meta.get("negative_prompt", "")}
    for key, name in (("seed", "seed"), ("steps", "steps"), ("cfg_scale", "cfg"), ("scheduler", "scheduler")):
        if meta.get(key) is not None:
            found[name] = meta[key]
    models = []
    model = meta.get("model") if isinstance(meta.get("model"), dict) else {}
    if model:
        models.append(_invoke_model("checkpoint", model))
    for lora in meta.get("loras") or []:
        if isinstance(lora, dict) and isinstance(lora.get("model"), dict):
            models.append({**_invoke_model("lora", lora["model"]), "strength": lora.get("weight")})
    found["models"] = models
    return found


def _invoke_model(role: str, model: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": role, "name": model.get("name")}
    digest = str(model.get("hash") or "")
    if digest.startswith("sha256:"):  # InvokeAI's default is blake3, which Brickyard does not index
        entry.update(hash=digest[7:], hash_of="file", hash_name="SHA256")
    return entry


def _swarmui(data: dict[str, Any]) -> dict[str, Any]:
    params = data["sui_image_params"]
    found: dict[str, Any] = {"generator": "swarmui", "prompt": params.get("prompt", ""),
                             "negative_prompt": params.get("negativeprompt", "")}
    for key, name in (("seed", "seed"), ("steps", "steps"), ("cfgscale", "cfg"), ("scheduler", "scheduler"),
                      ("comfyuisampler", "sampler"), ("model", "checkpoint")):
        if params.get(key) is not None:
            found[name] = params[key]
    models = []
    for model in data.get("sui_models") or []:
        if isinstance(model, dict):
            role = {"model": "checkpoint", "loras": "lora"}.get(str(model.get("param")), str(model.get("param")))
            entry = {"role": role, "name": model.get("name")}
            if model.get("hash"):  # "0x" + the tensor hash, as ModelSpec writes it
                entry.update(hash=model["hash"], hash_of="tensor", hash_name="ModelSpec hash_sha256")
            models.append(entry)
    found["models"] = models
    return found


def _fooocus(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"generator": "fooocus", "prompt": data.get("prompt", ""),
                             "negative_prompt": data.get("negative_prompt", "")}
    for key in ("seed", "steps", "sampler", "scheduler"):
        if data.get(key) is not None:
            found[key] = data[key]
    models = [{"role": "checkpoint", "name": data.get("base_model"), **(
        {"hash": data["base_model_hash"], "hash_of": "file", "hash_name": "AutoV2"}
        if data.get("base_model_hash") else {})}]
    found["models"] = models
    return found


def _novelai(comment: dict[str, Any], text: dict[str, str]) -> dict[str, Any]:
    """NovelAI: ``Comment`` is JSON (``prompt``, ``uc`` = the negative prompt, ``steps``, ``scale``…)."""
    found: dict[str, Any] = {"generator": "novelai", "prompt": comment.get("prompt") or text.get("Description", ""),
                             "negative_prompt": comment.get("uc", "")}
    for key, name in (("seed", "seed"), ("steps", "steps"), ("scale", "cfg"), ("sampler", "sampler"),
                      ("noise_schedule", "scheduler")):
        if comment.get(key) is not None:
            found[name] = comment[key]
    if text.get("Source"):  # e.g. "NovelAI Diffusion V4.5 4BDE2A90": the model, named without a file
        found["checkpoint"] = text["Source"]
    return found
