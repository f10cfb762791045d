"""safetensors headers: ModelSpec and kohya metadata, and the type and base family from tensor names."""

from __future__ import annotations

import builtins
import hashlib
import struct

import pytest
from brickyard.core.extract import default_registry
from brickyard.core.extract.safetensors_header import read_header
from brickyard.core.hashing import hash_file_and_tail

from tests.support.ai_files import (
    MODEL_TENSORS,
    kohya_metadata,
    lora_tensors,
    modelspec_metadata,
    write_safetensors,
)


def extract(path):
    return default_registry().extract(path)


def test_kohya_lora_gives_base_model_rank_and_trigger_words(tmp_path):
    path = write_safetensors(tmp_path / "hero_style.safetensors", lora_tensors("sdxl"),
                             kohya_metadata(ss_network_dim="16", ss_new_sd_model_hash="ab" * 32))
    found = extract(path)
    assert found.kind == "lora" and found.warnings == []
    meta = found.metadata
    assert meta["base_model"] == "sdxl" and meta["base_model_raw"] == "sdxl_base_v1-0"
    assert meta["model_type"] == "lora" and meta["network_dim"] == 16 and meta["network_alpha"] == 4.0
    assert meta["epochs"] == 10 and meta["output_name"] == "hero_style"
    assert meta["trained_on"] == "sd_xl_base_1.0.safetensors" and meta["trained_on_sha256"] == "ab" * 32
    assert meta["trigger_words"][:2] == ["herostyle", "1girl"]  # by tag frequency


def test_modelspec_fields_and_architecture_vocabulary(tmp_path):
    path = write_safetensors(tmp_path / "a.safetensors", lora_tensors("flux"),
                             modelspec_metadata("flux-1-dev/lora", **{"modelspec.title": "Fox"}))
    meta = extract(path).metadata
    assert meta["base_model"] == "flux" and meta["architecture"] == "flux-1-dev/lora"
    assert meta["title"] == "Fox" and meta["author"] == "ana" and meta["resolution"] == "1024x1024"
    assert meta["trigger_words"] == ["herostyle", "red coat"] and meta["prediction_type"] == "epsilon"


@pytest.mark.parametrize("base,kind,model_type", [
    ("sd1", "lora", "lora"), ("sd2", "lora", "lora"), ("sdxl", "lora", "lora"), ("flux", "lora", "lora"),
    ("sdxl", "loha", "loha"), ("sd1", "lokr", "lokr"), ("sdxl", "dora", "dora")])
def test_adapters_without_metadata_are_told_by_tensor_names(tmp_path, base, kind, model_type):
    found = extract(write_safetensors(tmp_path / "x.safetensors", lora_tensors(base, kind)))
    assert (found.kind, found.metadata["model_type"], found.metadata["base_model"]) == ("lora", model_type, base)


@pytest.mark.parametrize("name,kind,model_type,base", [
    ("controlnet", "controlnet", "controlnet", "sd1"),
    ("embedding", "embedding", "textual-inversion", "sd1"),
    ("embedding_sdxl", "embedding", "textual-inversion", "sdxl"),
    ("ip_adapter", "embedding", "ip-adapter", "sdxl"),
    ("checkpoint_sdxl", "checkpoint", "checkpoint", "sdxl"),
    ("checkpoint_flux", "checkpoint", "checkpoint", "flux"),
    ("vae", "checkpoint", "vae", None)])
def test_other_model_types_by_tensor_names(tmp_path, name, kind, model_type, base):
    found = extract(write_safetensors(tmp_path / f"{name}.safetensors", MODEL_TENSORS[name]()))
    assert found.kind == kind and found.metadata["model_type"] == model_type
    assert found.metadata.get("base_model") == base


def test_tensor_hash_is_the_bytes_after_the_header(tmp_path):
    path = write_safetensors(tmp_path / "l.safetensors", lora_tensors("sd1"), kohya_metadata())
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    full, tail, total = hash_file_and_tail(path, read_header(path).tensor_offset)
    assert full == hashlib.sha256(data).hexdigest() and total == len(data)
    assert tail == hashlib.sha256(data[8 + size:]).hexdigest()
    # a header edit changes the file hash but not the tensor hash (the AutoV3 identity)
    other = write_safetensors(tmp_path / "m.safetensors", lora_tensors("sd1"), kohya_metadata(ss_num_epochs="3"))
    full2, tail2, _ = hash_file_and_tail(other, read_header(other).tensor_offset)
    assert full2 != full and tail2 == tail


def test_a_huge_checkpoint_is_read_by_its_header_only(tmp_path, monkeypatch):
    """A 6 GB file (sparse) with a normal header: extracting it reads less than 1 MB."""
    small = write_safetensors(tmp_path / "s.safetensors", MODEL_TENSORS["checkpoint_sdxl"]())
    header = small.read_bytes()[:read_header(small).tensor_offset]
    big = tmp_path / "huge.safetensors"
    six_gb = 6 * 1024 ** 3
    # one F16 tensor covering the rest of the file: a consistent header for a 6 GB buffer
    import json
    body = json.dumps({"__metadata__": {"modelspec.architecture": "stable-diffusion-xl-v1-base"},
                       "model.diffusion_model.label_emb.0.0.weight": {
                           "dtype": "F16", "shape": [six_gb // 2], "data_offsets": [0, six_gb]}}).encode()
    with open(big, "wb") as stream:
        stream.write(struct.pack("<Q", len(body)) + body)
        stream.truncate(8 + len(body) + six_gb)
    assert header  # the small file is only there to show a real writer's layout
    read = []
    real_open = builtins.open

    class Counting:
        def __init__(self, stream):
            self.stream = stream

        def read(self, n=-1):
            data = self.stream.read(n)
            read.append(len(data))
            return data

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    monkeypatch.setattr(builtins, "open", lambda *a, **k: Counting(real_open(*a, **k)))
    found = extract(big)
    monkeypatch.undo()
    assert found.kind == "checkpoint" and found.metadata["base_model"] == "sdxl"
    assert 0 < sum(read) < 1024 * 1024
