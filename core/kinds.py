"""The kinds of asset every new project starts with, and the metadata some of them require.

A project may add kinds or require more metadata; these are only the defaults.
"""

from __future__ import annotations

from .errors import InvalidInput
from .models import KindSpec

_DEFAULTS: list[tuple[str, str, list[str]]] = [
    ("image", "a still image", []),
    ("video", "a clip or rendered movie", []),
    ("audio", "a sound, music cue or dialogue take", []),
    ("model", "a 3D model", []),
    ("rig", "a rigged character or prop", []),
    ("texture", "a texture map or set", []),
    ("material", "a shading material", []),
    ("scene", "a set or layout scene", []),
    ("animation", "an animation cache or clip", []),
    ("mocap", "motion capture data", []),
    ("fx", "a simulation or effect cache", []),
    ("lut", "a colour look-up table", []),
    ("concept", "concept art", []),
    ("reference", "a reference image or clip", []),
    ("lora", "LoRA weights", ["base_model"]),
    ("controlnet", "a ControlNet model", ["base_model"]),
    ("embedding", "a textual inversion or IP-Adapter embedding", ["base_model"]),
    ("prompt", "a prompt preset", []),
    ("workflow", "a generation workflow (e.g. a ComfyUI graph)", []),
    ("timeline", "an edit (OTIO / EDL / FCPXML)", []),
    ("render", "a rendered image sequence or movie", []),
    ("camera", "a camera", []),
    ("checkpoint", "generation model weights: a base checkpoint, VAE or text encoder", []),
]
# Metadata Brickyard itself reads (search, lineage, validation) must hold values of these types:
# ``--meta base_model=true`` is a mistake, not a base model.
VALUE_TYPES: dict[str, tuple[type, str]] = {
    "base_model": (str, "text naming a model family, e.g. sdxl, sd1, flux"),
    "prompt": (str, "the prompt's text"),
    "negative_prompt": (str, "the negative prompt's text"),
    "seed": (int, "a whole number"),
    "steps": (int, "a whole number"),
    "trigger_words": (list, "a list of words, e.g. [\"herostyle\"]"),
}


_SPELLED_WITH_VOWEL_SOUND = {"fx", "hdr", "hdri", "obj", "lut_3d"}  # "an F-X", "an H-D-R"


def with_article(kind: str) -> str:
    """``a lut``, ``an image``, ``an fx``: the article goes by sound, for messages."""
    low = kind.lower()
    vowel = (low[:1] in ("a", "e", "i", "o") or (low[:1] == "u" and not low.startswith(("us", "uni", "use")))
             or low in _SPELLED_WITH_VOWEL_SOUND)
    return f"{'an' if vowel else 'a'} {kind}"


def default_kinds() -> list[KindSpec]:
    return [KindSpec(name=n, description=d, required_metadata=list(r)) for n, d, r in _DEFAULTS]


def find_kind(kinds: list[KindSpec], name: str) -> KindSpec:
    for kind in kinds:
        if kind.name == name:
            return kind
    raise InvalidInput(f"unknown kind {name!r}; this project knows: {', '.join(k.name for k in kinds)}",
                       detail={"kind": name, "known": [k.name for k in kinds]})


def check_metadata(kind: KindSpec, metadata: dict) -> None:
    """Raise ``InvalidInput`` listing the metadata keys the kind requires and ``metadata`` lacks, or
    naming a value of the wrong type (``base_model`` must be text, never ``true``)."""
    missing = [key for key in kind.required_metadata if metadata.get(key) in (None, "")]
    if missing:
        raise InvalidInput(f"kind {kind.name!r} requires metadata {missing}; "
                           f"add {missing[0]}=... to the metadata (on the command line: --meta {missing[0]}=...)",
                           detail={"kind": kind.name, "missing": missing})
    check_values(metadata)


def check_values(metadata: dict) -> None:
    for key, (expected, described) in VALUE_TYPES.items():
        value = metadata.get(key)
        wrong = value is not None and (not isinstance(value, expected) or isinstance(value, bool)
                                       or (key == "base_model" and not value.strip()))
        if wrong:
            raise InvalidInput(f"metadata {key} must be {described}, not {value!r}; "
                               f"set it to a real value (on the command line: --meta {key}=...) or leave it out "
                               "to have it read from the file",
                               detail={"key": key, "value": value})
