"""What a publish takes from its files: metadata that fills (never overrides) what the user gave, a
suggested kind, and the contradictions that stop it.

``Client.publish`` calls this — the one place every publish passes through (the CLI, scene publish and
the Blender, Resolve and Unreal publishers all end there); the publish validator calls it early so the
artist sees a contradiction with its repair before anything is exported or sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..paths import as_path
from .base_models import FAMILIES, normalise_base_model
from .registry import ExtractorRegistry

# Facts that describe one file and would be wrong on a version made of many.
PER_FILE = ("width", "height", "tensor_count")


@dataclass
class FileFacts:
    metadata: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: Path | None = None  # the file the metadata came from
    tensor_offset: int | None = None  # its tensor bytes start here (safetensors)


@dataclass(frozen=True)
class Contradiction:
    key: str
    given: Any
    found: Any
    source: str

    @property
    def message(self) -> str:
        return (f"metadata {self.key} is {self.given!r} but {self.source} says {self.found!r}; "
                f"leave {self.key} out to take the file's value, or publish the right file")


def read_facts(registry: ExtractorRegistry, files: Iterable[Path]) -> FileFacts:
    """The facts of the first file any extractor reads (per representation: the first of its files)."""
    facts = FileFacts()
    for source in files:
        source = as_path(source)
        if registry.for_path(source) is None:
            continue
        found = registry.extract(source)
        facts.warnings += found.warnings
        if facts.source is None and (found.metadata or found.kind):
            facts.metadata, facts.kind, facts.source = dict(found.metadata), found.kind, source
            facts.tensor_offset = found.tensor_offset
    return facts


def contradictions(given: Mapping[str, Any], facts: FileFacts) -> list[Contradiction]:
    """Where the user's metadata disagrees with the file (today: the base model family)."""
    found = facts.metadata.get("base_model")
    mine = given.get("base_model")
    if not found or not isinstance(mine, str):
        return []
    if normalise_base_model(mine) not in (None, found):
        name = facts.source.name if facts.source else "the file"
        return [Contradiction("base_model", mine, found, f"{name} ({FAMILIES.get(found, found)})")]
    return []


def fill_metadata(given: Mapping[str, Any], facts: FileFacts, *, many_files: bool = False) -> dict[str, Any]:
    """The user's metadata, completed from the file; ``InvalidInput`` on a contradiction.

    A user's ``base_model`` in another spelling (``SDXL 1.0``) is stored as the family (``sdxl``).
    """
    clash = contradictions(given, facts)
    if clash:
        first = clash[0]
        raise InvalidInput(first.message, detail={"key": first.key, "given": first.given, "found": first.found,
                                                  "repair": {first.key: first.found}})
    if many_files and facts.kind == "image":
        facts = FileFacts()  # one image's prompt does not describe a folder of them
    merged = {key: value for key, value in facts.metadata.items() if not (many_files and key in PER_FILE)}
    merged.update(given)
    if isinstance(merged.get("base_model"), str):
        family = normalise_base_model(merged["base_model"])
        if family and family != merged["base_model"]:
            if "base_model_raw" not in given:  # the user's spelling, as the file's would be kept
                merged["base_model_raw"] = merged["base_model"]
            merged["base_model"] = family
    return merged


def add_hashes(metadata: dict[str, Any], sha256: str, tensor_sha256: str | None) -> list[str]:
    """Record the hash forms the ecosystem quotes; the warnings name embedded hash claims gone stale."""
    hashes = {"sha256": sha256, "autov2": sha256[:10]}
    if tensor_sha256:
        hashes.update(tensor_sha256=tensor_sha256, autov3=tensor_sha256[:12])
    metadata["hashes"] = hashes
    stale = []
    for key, claim in (metadata.get("embedded_hashes") or {}).items():
        if tensor_sha256 and str(claim).lower().removeprefix("0x") != tensor_sha256:
            stale.append(key)
    if stale:
        metadata["embedded_hashes_stale"] = stale
        return [f"the file's embedded {', '.join(stale)} does not match its tensors (it was re-saved or "
                "converted since); Brickyard keeps the hash it computed"]
    return []
