"""ComfyUI graphs: the API graph as executed (``prompt``) and the UI graph (``workflow``).

The API graph maps node ids to ``{"class_type", "inputs"}``; an input is a literal or a link
``[node_id, output_index]``. Models are named by file names relative to a model folder, never by hash,
so they can only be linked by name. Custom loaders and samplers are beyond any fixed list; what is not
understood is recorded, not guessed.
"""

from __future__ import annotations

from typing import Any

MODEL_EXTENSIONS = (".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft", ".onnx")
# class_type → (role, the input naming the file)
LOADERS: dict[str, list[tuple[str, str]]] = {
    "CheckpointLoaderSimple": [("checkpoint", "ckpt_name")],
    "CheckpointLoader": [("checkpoint", "ckpt_name")],
    "ImageOnlyCheckpointLoader": [("checkpoint", "ckpt_name")],
    "UNETLoader": [("checkpoint", "unet_name")],
    "CLIPLoader": [("text_encoder", "clip_name")],
    "DualCLIPLoader": [("text_encoder", "clip_name1"), ("text_encoder", "clip_name2")],
    "VAELoader": [("vae", "vae_name")],
    "LoraLoader": [("lora", "lora_name")],
    "LoraLoaderModelOnly": [("lora", "lora_name")],
    "ControlNetLoader": [("controlnet", "control_net_name")],
    "DiffControlNetLoader": [("controlnet", "control_net_name")],
    "CLIPVisionLoader": [("clip_vision", "clip_name")],
    "UpscaleModelLoader": [("upscaler", "model_name")],
    "IPAdapterModelLoader": [("ip_adapter", "ipadapter_file")],
}
TEXT_ENCODERS = ("CLIPTextEncode", "CLIPTextEncodeSDXL", "CLIPTextEncodeFlux")


def is_api_graph(data: Any) -> bool:
    return isinstance(data, dict) and bool(data) and all(
        isinstance(node, dict) and "class_type" in node for node in data.values())


def parse_api_graph(graph: dict[str, Any]) -> dict[str, Any]:
    """Models (with strengths), sampler settings and prompts of an executed graph."""
    found: dict[str, Any] = {"generator": "comfyui", "models": _models(graph)}
    sampler = next((n for n in graph.values() if "KSampler" in str(n.get("class_type"))), None)
    if sampler:
        inputs = sampler.get("inputs", {})
        for key, name in (("seed", "seed"), ("noise_seed", "seed"), ("steps", "steps"), ("cfg", "cfg"),
                          ("sampler_name", "sampler"), ("scheduler", "scheduler"), ("denoise", "denoise")):
            value = _literal(graph, inputs.get(key))
            if value is not None and name not in found:
                found[name] = value
        for key, name in (("positive", "prompt"), ("negative", "negative_prompt")):
            text = _text_of(graph, inputs.get(key))
            if text:
                found[name] = text
    if "prompt" not in found:  # no core sampler: every text encoder's text, in node order
        texts = [_literal(graph, n.get("inputs", {}).get("text")) for n in graph.values()
                 if n.get("class_type") in TEXT_ENCODERS]
        texts = [t for t in texts if isinstance(t, str) and t.strip()]
        if texts:
            found["prompt"] = "\n".join(texts)
    found["node_types"] = sorted({str(n.get("class_type")) for n in graph.values()})
    return found


def _models(graph: dict[str, Any]) -> list[dict[str, Any]]:
    models = []
    for node in graph.values():
        inputs = node.get("inputs", {}) if isinstance(node.get("inputs"), dict) else {}
        known = LOADERS.get(str(node.get("class_type")))
        pairs = known or [("model", key) for key, value in inputs.items()
                          if isinstance(value, str) and value.lower().endswith(MODEL_EXTENSIONS)]
        for role, key in pairs:
            name = _literal(graph, inputs.get(key))
            if isinstance(name, str) and name:
                model: dict[str, Any] = {"role": role, "name": name.replace("\\", "/").rsplit("/", 1)[-1],
                                         "path": name}
                for strength in ("strength_model", "strength_clip", "strength", "weight"):
                    if isinstance(inputs.get(strength), (int, float)):
                        model[strength] = inputs[strength]
                models.append(model)
        if node.get("class_type") == "IPAdapterUnifiedLoader":
            models.append({"role": "ip_adapter", "name": None, "preset": inputs.get("preset"),
                           "unresolved": "chosen by preset; the file is not named in the graph"})
    return models


def _follow(graph: dict[str, Any], value: Any) -> dict[str, Any] | None:
    if isinstance(value, list) and len(value) == 2 and str(value[0]) in graph:
        return graph[str(value[0])]
    return None


def _literal(graph: dict[str, Any], value: Any, depth: int = 0) -> Any:
    """A literal input, or the literal a primitive-like node feeds it (a few hops at most)."""
    node = _follow(graph, value)
    if node is None:
        return value if not isinstance(value, (list, dict)) else None
    if depth > 4:
        return None
    inputs = node.get("inputs", {})
    for key in ("value", "seed", "noise_seed", "int", "float", "string", "text", "text_positive"):
        if key in inputs:
            return _literal(graph, inputs[key], depth + 1)
    return None


def _text_of(graph: dict[str, Any], value: Any, depth: int = 0) -> str | None:
    """The prompt text behind a conditioning link, through conditioning pass-through nodes."""
    node = _follow(graph, value)
    if node is None or depth > 8:
        return None
    inputs = node.get("inputs", {})
    for key in ("text", "text_g", "clip_l", "t5xxl"):
        text = _literal(graph, inputs.get(key))
        if isinstance(text, str) and text.strip():
            return text
    for key in ("conditioning", "positive", "conditioning_1", "conditioning_to"):
        text = _text_of(graph, inputs.get(key), depth + 1)
        if text:
            return text
    return None


def parse_ui_workflow(workflow: dict[str, Any]) -> dict[str, Any]:
    """A saved UI workflow: the models its widgets name and the custom node packs it needs."""
    nodes = workflow.get("nodes") if isinstance(workflow.get("nodes"), list) else []
    models, packs, types = [], set(), set()
    for node in nodes:
        if not isinstance(node, dict):
            continue
        types.add(str(node.get("type")))
        properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        pack = properties.get("cnr_id") or properties.get("aux_id")
        if isinstance(pack, str) and pack != "comfy-core":
            packs.add(pack)
        widgets = node.get("widgets_values")
        for value in widgets if isinstance(widgets, list) else []:
            if isinstance(value, str) and value.lower().endswith(MODEL_EXTENSIONS):
                role = next((r for r, _ in LOADERS.get(str(node.get("type")), [("model", "")])), "model")
                models.append({"role": role, "name": value.replace("\\", "/").rsplit("/", 1)[-1], "path": value})
    for entry in workflow.get("models") or []:
        if isinstance(entry, dict) and entry.get("name"):
            model = {"role": "model", "name": entry["name"], "url": entry.get("url")}
            if entry.get("hash"):
                model.update(hash=entry["hash"], hash_of="file", hash_name=entry.get("hash_type") or "sha256")
            models.append(model)
    return {"generator": "comfyui", "models": models, "node_types": sorted(types), "custom_nodes": sorted(packs)}
