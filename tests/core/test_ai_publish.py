"""Publishing AI files through the client against a real server: metadata from the files, hashes,
contradictions refused, lineage by content, search by prompt."""

from __future__ import annotations

import json
import logging

import pytest
from brickyard.core.errors import InvalidInput
from brickyard.core.extract.safetensors_header import read_header

from tests.support.ai_files import (
    a1111_parameters,
    comfy_prompt,
    kohya_metadata,
    lora_tensors,
    write_png,
    write_safetensors,
)


@pytest.fixture
def ana(studio):
    return studio.client("ana")


@pytest.fixture
def lora(tmp_path):
    return write_safetensors(tmp_path / "models" / "hero_style.safetensors", lora_tensors("sdxl"), kohya_metadata())


def test_a_lora_publishes_with_no_meta_and_gets_its_hashes(ana, lora):
    version = ana.publish("film", "hero_style", "lora", [lora], folder="loras")
    meta = version.metadata
    assert meta["base_model"] == "sdxl" and meta["model_type"] == "lora" and meta["trigger_words"][0] == "herostyle"
    data = lora.read_bytes()
    import hashlib
    full = hashlib.sha256(data).hexdigest()
    tensors = hashlib.sha256(data[read_header(lora).tensor_offset:]).hexdigest()
    assert meta["hashes"] == {"sha256": full, "autov2": full[:10], "tensor_sha256": tensors, "autov3": tensors[:12]}
    auto = ana.publish("film", "hero_style_auto", "auto", [lora], folder="loras")
    assert auto.kind == "lora"


def test_the_tensor_hash_comes_from_the_single_read_that_uploads_or_hashes_the_file(ana, lora, monkeypatch):
    import hashlib

    from brickyard.core import client as client_module
    from brickyard.core import transfer

    def no_second_pass(*args, **kwargs):
        raise AssertionError("the model was read again for its tensor hash")

    monkeypatch.setattr(client_module, "hash_sources", no_second_pass)
    opened = []
    real_iter = transfer.UploadBody.__iter__
    monkeypatch.setattr(transfer.UploadBody, "__iter__", lambda body: (opened.append(body.path), real_iter(body))[1])
    data = lora.read_bytes()
    tensors = hashlib.sha256(data[read_header(lora).tensor_offset:]).hexdigest()
    first = ana.publish("film", "hero_style", "lora", [lora], folder="loras")
    assert opened == [lora]  # one pass: the upload, hashing both the file and its tensor bytes
    assert first.metadata["hashes"]["tensor_sha256"] == tensors
    again = ana.publish("film", "hero_style", "lora", [lora], folder="loras")  # known to the hash cache
    assert opened == [lora] and again.metadata["hashes"]["tensor_sha256"] == tensors  # nothing sent again
    copy = lora.with_name("copy.safetensors")
    copy.write_bytes(data)
    third = ana.publish("film", "hero_copy", "lora", [copy], folder="loras")
    assert opened == [lora, copy] and third.metadata["hashes"]["tensor_sha256"] == tensors


def test_values_not_booleans_and_contradictions_are_refused_with_the_fix(ana, lora):
    with pytest.raises(InvalidInput, match="base_model must be text naming a model family"):
        ana.publish("film", "hero_style", "lora", [lora], metadata={"base_model": True})
    with pytest.raises(InvalidInput, match=r"base_model is 'flux' but hero_style.safetensors \(Stable Diffusion "
                                           r"XL\) says 'sdxl'; leave base_model out") as caught:
        ana.publish("film", "hero_style", "lora", [lora], metadata={"base_model": "flux"})
    assert caught.value.detail["repair"] == {"base_model": "sdxl"}
    assert list(ana.assets("film")) == []  # nothing was published
    version = ana.publish("film", "hero_style", "lora", [lora], metadata={"base_model": "SDXL 1.0"})
    assert version.metadata["base_model"] == "sdxl" and version.metadata["base_model_raw"] == "SDXL 1.0"


def test_a_generation_naming_a_lora_by_its_a1111_hash_is_linked(ana, lora, tmp_path):
    lora_version = ana.publish("film", "hero_style", "lora", [lora], folder="loras")
    autov3 = lora_version.metadata["hashes"]["autov3"]
    image = write_png(tmp_path / "gen" / "fox.png",
                      {"parameters": a1111_parameters(lora=("hero_style", autov3))})
    gen = ana.publish("film", "fox_0001", "image", [image], folder="gens")
    [link] = ana.lineage(gen).made_from
    assert (link.reference, link.link.value) == (lora_version.reference, "hash")
    assert link.evidence == f"Lora hash {autov3} = tensor sha256"
    assert [u.reference for u in ana.lineage(lora_version).used_by] == [gen.reference]
    # a hash that names nothing published links nothing
    other = write_png(tmp_path / "gen" / "owl.png", {"parameters": a1111_parameters(lora=("x", "0" * 12))})
    assert ana.lineage(ana.publish("film", "owl_0001", "image", [other], folder="gens")).made_from == []


def test_comfyui_names_link_only_when_unique(ana, lora, tmp_path):
    lora_version = ana.publish("film", "hero_style", "lora", [lora], folder="loras")
    image = write_png(tmp_path / "c1.png", {"prompt": json.dumps(comfy_prompt())})
    gen = ana.publish("film", "lighthouse_0001", "image", [image], folder="gens")
    [link] = ana.lineage(gen).made_from
    assert link.reference == lora_version.reference and link.link.value == "name"
    ana.publish("film", "hero_style_copy", "lora", [lora], folder="other")  # now two assets have that name
    image2 = write_png(tmp_path / "c2.png", {"prompt": json.dumps(comfy_prompt(seed=7))})
    assert ana.lineage(ana.publish("film", "lighthouse_0002", "image", [image2], folder="gens")).made_from == []


def test_a_generation_is_found_by_its_prompt_words(ana, tmp_path):
    ana.publish("film", "fox_0001", "image", [write_png(tmp_path / "a.png", {"parameters": a1111_parameters(
        "a red fox in the snow, golden hour")})], folder="gens")
    ana.publish("film", "lighthouse", "image", [write_png(tmp_path / "b.png", {
        "prompt": json.dumps(comfy_prompt("a lighthouse at dusk"))})], folder="gens")
    assert [a.name for a in ana.assets("film", search="golden fox")] == ["fox_0001"]
    assert [a.name for a in ana.assets("film", search="dusk")] == ["lighthouse"]
    assert [a.name for a in ana.assets("film", meta={"generator": "comfyui"})] == ["lighthouse"]


def test_a_pickle_is_published_with_a_warning_and_never_opened(ana, tmp_path, caplog):
    path = tmp_path / "old_sdxl_lora.pt"
    path.write_bytes(b"\x80\x04not really a pickle")
    with caplog.at_level(logging.WARNING, logger="brickyard"):
        version = ana.publish("film", "old_lora", "lora", [path])
    assert version.metadata["base_model"] == "sdxl" and version.metadata["format"] == "pickle"
    assert "never unpickles it" in caplog.text
