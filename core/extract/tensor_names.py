"""What a safetensors file holds when its metadata says nothing: read from tensor names and shapes.

Returns a model type (lora, locon, loha, lokr, dora, oft, controlnet, control-lora, t2i-adapter,
textual-inversion, ip-adapter, checkpoint, vae) and a base family where the keys tell it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .safetensors_header import Tensor

LORA_SUFFIXES = (".lora_down.weight", ".lora_up.weight", ".lora_A.weight", ".lora_B.weight", "lora.down.weight",
                 ".lora_linear_layer.down.weight", ".lora_A.default.weight")
# A cross-attention key's input width names the text encoder: 768 CLIP-L (SD1), 1024 OpenCLIP-H (SD2),
# 2048 CLIP-L + CLIP-G (SDXL).
CONTEXT_WIDTH = {768: "sd1", 1024: "sd2", 2048: "sdxl"}


def classify(tensors: Mapping[str, Tensor]) -> tuple[str | None, str | None]:
    """``(model_type, base family)`` from the tensor names alone; either may be None."""
    names = list(tensors)
    if not names:
        return None, None
    adapter = _adapter_type(names)
    if adapter:
        return adapter, _adapter_base(tensors)
    for probe in (_controlnet, _ip_adapter, _embedding, _vae):
        found = probe(tensors)
        if found:
            return found
    base = checkpoint_base(tensors)
    return ("checkpoint", base) if base else (None, None)


def _adapter_type(names: list[str]) -> str | None:
    joined = "\n".join(names)
    if "lora_controlnet" in joined:
        return "control-lora"
    if ".hada_w1_a" in joined:
        kind = "loha"
    elif ".lokr_w1" in joined:
        kind = "lokr"
    elif ".oft_blocks" in joined or ".oft_diag" in joined:
        kind = "oft"
    elif any(name.endswith(LORA_SUFFIXES) for name in names):
        # LoCon: a LoRA that also adapts convolutions (4-D down weights on resnet blocks)
        kind = "locon" if any("_resnets_" in n or "_conv" in n for n in names if "lora_down" in n) else "lora"
    else:
        return None
    return "dora" if ".dora_scale" in joined else kind


def _adapter_base(tensors: Mapping[str, Tensor]) -> str | None:
    names = list(tensors)
    joined = "\n".join(names)
    if "double_blocks" in joined or "single_blocks" in joined or "single_transformer_blocks" in joined:
        return "flux"
    if "joint_blocks" in joined:
        return "sd3"
    if "lora_te1_" in joined or "lora_te2_" in joined:
        return "sdxl"
    if "lora_prior_unet_" in joined:
        return "cascade"
    for name, tensor in tensors.items():
        is_down = "lora_down" in name or "lora_A" in name or "hada_w1_b" in name
        if ("attn2_to_k" in name or "attn2.to_k" in name) and is_down and len(tensor.shape) >= 2:
            return CONTEXT_WIDTH.get(tensor.shape[-1])
    for name, tensor in tensors.items():  # text-encoder layers: their width is the encoder's
        if name.startswith("lora_te_") and "lora_down" in name and "mlp_fc1" in name and len(tensor.shape) == 2:
            return CONTEXT_WIDTH.get(tensor.shape[-1])
    return None


def _controlnet(tensors: Mapping[str, Tensor]) -> tuple[str, str | None] | None:
    names = set(tensors)
    if any(n.startswith(("adapter.body.", "body.0.in_conv")) for n in names):
        return "t2i-adapter", None
    if "controlnet_cond_embedding.conv_in.weight" in names or any(
            "input_hint_block.0.weight" in n for n in names) or "controlnet_blocks.0.weight" in names:
        if "controlnet_x_embedder.weight" in names or any("double_blocks" in n for n in names):
            return "controlnet", "flux"
        if "pos_embed_input.proj.weight" in names:
            return "controlnet", "sd3"
        return "controlnet", _cross_attention_base(tensors)
    return None


def _ip_adapter(tensors: Mapping[str, Tensor]) -> tuple[str, str | None] | None:
    names = set(tensors)
    if any(n.startswith("ip_adapter_proj_model.") for n in names):
        return "ip-adapter", "flux"
    if any(n.startswith("image_proj.") for n in names) and any(n.startswith("ip_adapter.") for n in names):
        key = tensors.get("ip_adapter.1.to_k_ip.weight")
        return "ip-adapter", CONTEXT_WIDTH.get(key.shape[-1]) if key and key.shape else None
    return None


def _embedding(tensors: Mapping[str, Tensor]) -> tuple[str, str | None] | None:
    names = set(tensors)
    if names >= {"clip_l", "clip_g"}:
        return "textual-inversion", "sdxl"
    for key in ("emb_params", "string_to_param.*", "*"):
        if key in names and len(tensors[key].shape) == 2:
            return "textual-inversion", {768: "sd1", 1024: "sd2"}.get(tensors[key].shape[-1])
    return None


def _vae(tensors: Mapping[str, Tensor]) -> tuple[str, str | None] | None:
    names = set(tensors)
    conv_in = tensors.get("decoder.conv_in.weight")
    if conv_in is None or any(n.startswith(("model.diffusion_model.", "first_stage_model.")) for n in names):
        return None
    # 4 latent channels: SD1/SD2/SDXL share keys and shapes, only a hash tells them apart.
    return "vae", {16: "flux"}.get(conv_in.shape[1]) if len(conv_in.shape) > 1 else None


def _cross_attention_base(tensors: Mapping[str, Tensor]) -> str | None:
    for name, tensor in tensors.items():
        if name.endswith("attn2.to_k.weight") and len(tensor.shape) == 2:
            return CONTEXT_WIDTH.get(tensor.shape[-1])
    return None


def checkpoint_base(tensors: Mapping[str, Tensor]) -> str | None:
    names = list(tensors)
    joined = "\n".join(names)
    if "double_blocks.0.img_attn.norm.key_norm.scale" in joined:
        return "chroma" if "distilled_guidance_layer." in joined else "flux"
    if "joint_blocks.0.context_block.attn.qkv.weight" in joined:
        return "sd3"
    if "time_stack" in joined:
        return "svd"
    if "head.modulation" in joined and "blocks.0.cross_attn.k" in joined:
        return "wan"
    if "txt_in.individual_token_refiner." in joined:
        return "hunyuan-video"
    if "adaln_single.emb.timestep_embedder." in joined:
        return "ltxv"
    if "conditioner.embedders.1.model.ln_final" in joined or "label_emb.0.0.weight" in joined:
        return "sdxl"
    if "cond_stage_model.model.ln_final" in joined:
        return "sd2"
    if "cond_stage_model.transformer.text_model" in joined:
        return "sd1"
    if "model.diffusion_model." in joined:
        return _cross_attention_base(tensors)
    return None
