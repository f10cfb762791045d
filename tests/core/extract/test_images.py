"""Generation metadata in PNG, JPEG and WebP files written by Pillow the way each tool writes it."""

from __future__ import annotations

import json

from brickyard.core.extract import default_registry

from tests.support.ai_files import a1111_parameters, comfy_prompt, write_exif_image, write_png


def meta(path):
    return default_registry().extract(path).metadata


def test_a1111_png_parameters(tmp_path):
    found = meta(write_png(tmp_path / "fox.png", {"parameters": a1111_parameters(lora=("hero_style", "0123456789ab"))}))
    assert found["generator"] == "a1111" and found["prompt"] == "a red fox in the snow, herostyle"
    assert found["negative_prompt"] == "blurry, lowres"
    assert (found["steps"], found["seed"], found["cfg"]) == (30, 1234, 7.0)
    assert (found["sampler"], found["scheduler"], found["checkpoint"]) == ("DPM++ 2M", "Karras", "sd_xl_base_1.0")
    assert (found["width"], found["height"]) == (16, 16)  # the pixels, not the size asked for
    assert {"role": "lora", "name": "hero_style", "hash": "0123456789ab", "hash_of": "any",
            "hash_name": "Lora hash"} in found["models"]
    checkpoint = next(m for m in found["models"] if m["role"] == "checkpoint")
    assert checkpoint["hash"] == "6ce0161689" and checkpoint["hash_name"] == "AutoV2"


def test_a1111_multiline_prompt_civitai_hashes_and_lora_tags(tmp_path):
    text = ('portrait of a knight,\n<lora:armor_v2:0.7> gold trim\nNegative prompt: ugly\n'
            'Steps: 20, Sampler: Euler a, CFG scale: 5, Seed: 7, Size: 512x512, Model hash: 1234567890, '
            'Hashes: {"model": "1234567890", "lora:armor_v2": "abcdefabcd"}, Version: 1.9')
    found = meta(write_png(tmp_path / "k.png", {"parameters": text}))
    assert found["prompt"] == "portrait of a knight,\n<lora:armor_v2:0.7> gold trim" and found["seed"] == 7
    lora = [m for m in found["models"] if m["role"] == "lora"]
    assert lora == [{"role": "lora", "name": "armor_v2", "hash": "abcdefabcd", "hash_of": "file",
                     "hash_name": "Civitai hash"}]


def test_comfyui_png_api_graph(tmp_path):
    path = write_png(tmp_path / "ComfyUI_0001.png", {"prompt": json.dumps(comfy_prompt()),
                                                     "workflow": json.dumps({"nodes": []})})
    found = meta(path)
    assert found["generator"] == "comfyui" and found["prompt"] == "a lighthouse at dusk, oil painting"
    assert found["negative_prompt"] == "watermark" and (found["seed"], found["steps"], found["cfg"]) == (42, 25, 6.5)
    lora = next(m for m in found["models"] if m["role"] == "lora")
    assert lora["name"] == "hero_style.safetensors" and lora["path"] == "xl\\hero_style.safetensors"
    assert lora["strength_model"] == 0.8
    assert {"role": "checkpoint", "name": "sd_xl_base_1.0.safetensors",
            "path": "sd_xl_base_1.0.safetensors"} in found["models"]


def test_comfyui_primitive_seed_and_text_are_followed(tmp_path):
    graph = comfy_prompt()
    graph["20"] = {"class_type": "PrimitiveInt", "inputs": {"value": 99}}
    graph["21"] = {"class_type": "PrimitiveString", "inputs": {"value": "a castle"}}
    graph["3"]["inputs"]["seed"] = ["20", 0]
    graph["6"]["inputs"]["text"] = ["21", 0]
    found = meta(write_png(tmp_path / "p.png", {"prompt": json.dumps(graph)}))
    assert found["seed"] == 99 and found["prompt"] == "a castle"


def test_jpeg_and_webp_user_comment_in_both_utf16_orders(tmp_path):
    for encoding in ("utf-16-be", "utf-16-le"):
        for suffix in ("jpg", "webp"):
            comment = b"UNICODE\0" + a1111_parameters("a misty forest").encode(encoding)
            found = meta(write_exif_image(tmp_path / f"g.{suffix}", user_comment=comment))
            assert found["prompt"] == "a misty forest" and found["seed"] == 1234, (suffix, encoding)


def test_comfyui_animated_webp_exif_model_tag(tmp_path):
    found = meta(write_exif_image(tmp_path / "anim.webp", model="prompt:" + json.dumps(comfy_prompt("waves")),
                                  make="workflow:{}"))
    assert found["generator"] == "comfyui" and found["prompt"] == "waves"


def test_swarmui_and_invokeai(tmp_path):
    swarm = {"sui_image_params": {"prompt": "a bridge", "seed": 5, "model": "flux1-dev"},
             "sui_models": [{"name": "style.safetensors", "param": "loras", "hash": "0x" + "c" * 64}]}
    found = meta(write_png(tmp_path / "s.png", {"parameters": json.dumps(swarm)}))
    assert found["generator"] == "swarmui" and found["prompt"] == "a bridge"
    assert found["models"][0]["hash_of"] == "tensor"
    invoke = {"positive_prompt": "a boat", "seed": 3, "model": {"name": "juggernaut", "hash": "blake3:00"}}
    found = meta(write_png(tmp_path / "i.png", {"invokeai_metadata": json.dumps(invoke)}))
    assert found["generator"] == "invokeai" and found["prompt"] == "a boat" and "hash" not in found["models"][0]


def test_plain_image_has_only_its_size(tmp_path):
    assert meta(write_png(tmp_path / "plain.png", {})) == {"width": 16, "height": 16}


def test_workflow_and_prompt_preset_files(tmp_path):
    flow = {"nodes": [{"id": 1, "type": "LoraLoader", "widgets_values": ["hero_style.safetensors", 1, 1],
                       "properties": {"cnr_id": "comfy-core"}},
                      {"id": 2, "type": "IPAdapterAdvanced", "widgets_values": [],
                       "properties": {"cnr_id": "comfyui_ipadapter_plus"}}], "links": []}
    path = tmp_path / "portrait.json"
    path.write_text(json.dumps(flow))
    found = default_registry().extract(path)
    assert found.kind == "workflow" and found.metadata["custom_nodes"] == ["comfyui_ipadapter_plus"]
    assert found.metadata["requires_models"][0]["name"] == "hero_style.safetensors"
    preset = tmp_path / "knight.txt"
    preset.write_text("portrait of {subject}, __lighting__\nNegative prompt: blurry")
    found = default_registry().extract(preset)
    assert found.kind == "prompt" and found.metadata["variables"] == ["subject", "lighting"]
    assert found.metadata["negative_prompt"] == "blurry"
