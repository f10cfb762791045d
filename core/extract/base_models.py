"""One vocabulary for the base-model family a model file belongs to.

ModelSpec, kohya, SwarmUI, ComfyUI and people all spell the same families differently
(``stable-diffusion-xl-v1-base/lora``, ``sdxl_base_v1-0``, ``SDXL 1.0``); Brickyard stores the
family under ``base_model`` and keeps the raw spelling beside it.
"""

from __future__ import annotations

import re

FAMILIES = {
    "sd1": "Stable Diffusion 1.x", "sd2": "Stable Diffusion 2.x", "sdxl": "Stable Diffusion XL",
    "sd3": "Stable Diffusion 3 / 3.5", "flux": "FLUX.1", "chroma": "Chroma", "svd": "Stable Video Diffusion",
    "cascade": "Stable Cascade", "wan": "Wan video", "hunyuan-video": "HunyuanVideo", "ltxv": "LTX Video",
    "mochi": "Mochi", "lumina2": "Lumina 2", "hunyuan-image": "Hunyuan Image", "auraflow": "AuraFlow",
    "pixart": "PixArt", "hunyuan-dit": "HunyuanDiT", "hidream": "HiDream", "qwen-image": "Qwen-Image",
}

# Ordered: the first pattern that matches the squashed text names the family (more specific first).
_PATTERNS: list[tuple[str, str]] = [
    (r"chroma", "chroma"),
    (r"flux", "flux"),
    (r"stablevideo|svd|img2vid", "svd"),
    (r"cascade", "cascade"),
    (r"sdxl|stablediffusionxl|sdxlbase|xlv1|pony|illustrious|noobai", "sdxl"),
    (r"sd3|stablediffusion3|stablediffusionv3", "sd3"),
    (r"sdv2|sd2|stablediffusionv2|stablediffusion2|sd21|sd20", "sd2"),
    (r"sdv1|sd1|stablediffusionv1|stablediffusion1|sd15|sd14", "sd1"),
    (r"wan\d", "wan"),
    (r"hunyuanvideo", "hunyuan-video"),
    (r"hunyuanimage", "hunyuan-image"),
    (r"hunyuandit", "hunyuan-dit"),
    (r"ltx", "ltxv"),
    (r"mochi", "mochi"),
    (r"lumina", "lumina2"),
    (r"auraflow", "auraflow"),
    (r"pixart", "pixart"),
    (r"hidream", "hidream"),
    (r"qwenimage", "qwen-image"),
]


def normalise_base_model(raw: object) -> str | None:
    """The family for a spelling (``'SDXL 1.0'`` → ``'sdxl'``), or None when it names none we know.

        >>> normalise_base_model("stable-diffusion-xl-v1-base/lora")
        'sdxl'
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip().lower()
    if text in FAMILIES:
        return text
    squashed = re.sub(r"[^a-z0-9]", "", text.split("/")[0] if "/" in text else text)
    squashed = squashed.replace("stablediffusionxl", "sdxl")
    for pattern, family in _PATTERNS:
        if re.search(pattern, squashed):
            return family
    return None
