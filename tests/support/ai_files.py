"""Small real AI files for tests: safetensors written by the ``safetensors`` package with realistic tensor
names per model type, and images carrying A1111 / ComfyUI metadata written by Pillow."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

RANK = 4


def _zeros(*shape: int) -> np.ndarray:
    return np.zeros(shape, dtype=np.float16)


def lora_tensors(base: str = "sdxl", kind: str = "lora") -> dict[str, np.ndarray]:
    """kohya-style names: ``lora_unet_…attn2_to_k.lora_down.weight`` is [rank, context width]."""
    width = {"sd1": 768, "sd2": 1024, "sdxl": 2048}.get(base, 768)
    if base == "flux":
        module = "lora_unet_double_blocks_0_img_attn_qkv"
        width = 3072
    elif base == "sdxl":
        module = "lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k"
    else:
        module = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k"
    tensors: dict[str, np.ndarray] = {f"{module}.alpha": np.array(RANK, dtype=np.float16)}
    if kind == "loha":
        tensors.update({f"{module}.hada_w1_a": _zeros(320, RANK), f"{module}.hada_w1_b": _zeros(RANK, width),
                        f"{module}.hada_w2_a": _zeros(320, RANK), f"{module}.hada_w2_b": _zeros(RANK, width)})
    elif kind == "lokr":
        tensors.update({f"{module}.lokr_w1": _zeros(4, 4), f"{module}.lokr_w2": _zeros(80, width // 4)})
    else:
        tensors.update({f"{module}.lora_down.weight": _zeros(RANK, width),
                        f"{module}.lora_up.weight": _zeros(320, RANK)})
        if kind == "dora":
            tensors[f"{module}.dora_scale"] = _zeros(1, width)
    if base == "sdxl":
        tensors["lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"] = _zeros(RANK, 768)
        tensors["lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"] = _zeros(RANK, 1280)
    elif base in ("sd1", "sd2"):
        tensors["lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"] = _zeros(RANK, width)
    return tensors


MODEL_TENSORS = {
    "controlnet": lambda: {"control_model.zero_convs.0.0.weight": _zeros(320, 320, 1, 1),
                           "control_model.input_hint_block.0.weight": _zeros(16, 3, 3, 3),
                           "control_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight": _zeros(320, 768)},
    "embedding": lambda: {"emb_params": _zeros(4, 768)},
    "embedding_sdxl": lambda: {"clip_l": _zeros(2, 768), "clip_g": _zeros(2, 1280)},
    "ip_adapter": lambda: {"image_proj.proj.weight": _zeros(64, 32),
                           "ip_adapter.1.to_k_ip.weight": _zeros(320, 2048)},
    "checkpoint_sdxl": lambda: {"conditioner.embedders.1.model.ln_final.weight": _zeros(1280),
                                "model.diffusion_model.label_emb.0.0.weight": _zeros(8, 2816)},
    "checkpoint_flux": lambda: {"double_blocks.0.img_attn.norm.key_norm.scale": _zeros(128),
                                "guidance_in.in_layer.weight": _zeros(8, 256)},
    "vae": lambda: {"decoder.conv_in.weight": _zeros(8, 4, 3, 3), "encoder.conv_in.weight": _zeros(8, 3, 3, 3)},
}


def write_safetensors(path: Path, tensors: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=metadata)
    return path


def kohya_metadata(base_version: str = "sdxl_base_v1-0", **extra: str) -> dict[str, str]:
    """What kohya's train_network.py writes (every value a string)."""
    meta = {"ss_base_model_version": base_version, "ss_network_module": "networks.lora", "ss_network_dim": "4",
            "ss_network_alpha": "4.0", "ss_network_args": "None", "ss_v2": "False", "ss_num_epochs": "10",
            "ss_output_name": "hero_style", "ss_resolution": "(1024, 1024)",
            "ss_sd_model_name": "sd_xl_base_1.0.safetensors",
            "ss_tag_frequency": json.dumps({"10_hero": {"herostyle": 40, "red coat": 12, "1girl": 30}})}
    meta.update(extra)
    return meta


def modelspec_metadata(architecture: str = "stable-diffusion-xl-v1-base/lora", **extra: str) -> dict[str, str]:
    meta = {"modelspec.sai_model_spec": "1.0.1", "modelspec.architecture": architecture,
            "modelspec.implementation": "sgm", "modelspec.title": "Hero style",
            "modelspec.author": "ana", "modelspec.trigger_phrase": "herostyle, red coat",
            "modelspec.resolution": "1024x1024", "modelspec.prediction_type": "epsilon"}
    meta.update(extra)
    return meta


def a1111_parameters(prompt: str = "a red fox in the snow, herostyle", lora: tuple[str, str] | None = None,
                     model_hash: str = "6ce0161689") -> str:
    params = (f"Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234, Size: 832x1216, "
              f"Model hash: {model_hash}, Model: sd_xl_base_1.0")
    if lora:
        params += f', Lora hashes: "{lora[0]}: {lora[1]}"'
    params += ", Version: v1.10.1"
    return f"{prompt}\nNegative prompt: blurry, lowres\n{params}"


def comfy_prompt(text: str = "a lighthouse at dusk, oil painting", lora: str = "hero_style.safetensors",
                 seed: int = 42) -> dict:
    return {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
        "10": {"class_type": "LoraLoader", "inputs": {"lora_name": f"xl\\{lora}", "strength_model": 0.8,
                                                      "strength_clip": 1.0, "model": ["4", 0], "clip": ["4", 1]}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": text, "clip": ["10", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "watermark", "clip": ["10", 1]}},
        "3": {"class_type": "KSampler", "inputs": {"seed": seed, "steps": 25, "cfg": 6.5, "sampler_name": "euler",
                                                   "scheduler": "normal", "denoise": 1.0, "model": ["10", 0],
                                                   "positive": ["6", 0], "negative": ["7", 0]}},
        "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
    }


def write_png(path: Path, text: dict[str, str], size: tuple[int, int] = (16, 16), noise: bool = False) -> Path:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in text.items():
        info.add_text(key, value)
    image = Image.frombytes("RGB", size, np.random.bytes(size[0] * size[1] * 3)) if noise else \
        Image.new("RGB", size, (200, 40, 40))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, pnginfo=info)
    return path


def write_exif_image(path: Path, user_comment: bytes | None = None, model: str | None = None,
                     make: str | None = None) -> Path:
    """A JPEG or WebP (by suffix) whose EXIF carries a UserComment (A1111) or Model/Make (ComfyUI WebP)."""
    from PIL import Image

    image = Image.new("RGB", (16, 16), (10, 90, 200))
    exif = image.getexif()
    if model:
        exif[0x0110] = model
    if make:
        exif[0x010F] = make
    if user_comment is not None:
        exif.get_ifd(0x8769)[0x9286] = user_comment
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, exif=exif.tobytes())
    return path
