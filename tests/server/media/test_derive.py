"""Review media made from synthetic media: decodes, H.264, frame count, size, burnt-in frame number."""

from __future__ import annotations

import av
import numpy as np
import pytest
from brickyard.server.media.derive import derive
from brickyard.server.media.kinds import classify
from brickyard.server.media.limits import MediaLimits
from PIL import Image

from tests.support.media import make_clip, make_exr, make_tone, read_burnt_in

LIMITS = MediaLimits()


def frames_of(path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        return [f.to_ndarray(format="rgb24") for f in container.decode(stream)]


def by_role(outputs) -> dict:
    return {o.role: o for o in outputs}


def not_blank(path) -> bool:
    array = np.asarray(Image.open(path).convert("L"))
    return int(array.max()) - int(array.min()) > 50


def test_a_clip_becomes_an_h264_proxy_with_its_frames_sound_poster_and_thumbnail(tmp_path):
    source = make_clip(tmp_path / "shot.mov", 36, width=320, height=180, fps=24, tone=True)
    made = by_role(derive("video", [source], tmp_path / "out", LIMITS))
    assert set(made) == {"proxy", "poster", "thumbnail"}
    frames = frames_of(made["proxy"].path)
    assert abs(len(frames) - 36) <= 1
    assert frames[0].shape == (180, 320, 3)
    assert [read_burnt_in(frames[i]) for i in (0, 17, 35)] == [0, 17, 35]
    with av.open(made["proxy"].path) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
    assert made["proxy"].fps == 24 and abs(made["proxy"].duration - 1.5) < 0.05
    assert read_burnt_in(np.asarray(Image.open(made["poster"].path).convert("RGB"))) == 18  # the middle frame
    assert not_blank(made["thumbnail"].path)


def test_a_wide_prores_clip_is_scaled_to_1920_with_even_dimensions(tmp_path):
    source = make_clip(tmp_path / "wide.mov", 3, width=2050, height=857, codec="prores_ks")
    made = by_role(derive("video", [source], tmp_path / "out", LIMITS))
    assert (made["proxy"].width, made["proxy"].height) == (1920, 802)
    assert max(Image.open(made["thumbnail"].path).size) == 512


def test_an_exr_sequence_becomes_a_proxy_at_the_versions_rate_and_a_middle_thumbnail(tmp_path):
    frames = [make_exr(tmp_path / f"plate.{1001 + i}.exr", i) for i in range(10)]
    assert classify([f.name for f in frames]) == "sequence"
    made = by_role(derive("sequence", frames, tmp_path / "out", LIMITS, fps=12))
    decoded = frames_of(made["proxy"].path)
    assert len(decoded) == 10 and made["proxy"].fps == 12
    assert [read_burnt_in(decoded[i]) for i in range(0, 10, 3)] == [0, 3, 6, 9]
    # linear EXR viewed through the sRGB transfer: the gradient comes back where it was drawn
    thumb = np.asarray(Image.open(made["thumbnail"].path).convert("RGB"))
    assert read_burnt_in(thumb) == 5
    assert abs(int(thumb[-1, 0, 0]) - 40) < 12 and abs(int(thumb[-1, -1, 0]) - 200) < 12


@pytest.mark.parametrize("name", ["still.png", "still.exr", "still.tif", "still.jpg"])
def test_a_still_gets_a_512_thumbnail_and_a_review_image(tmp_path, name):
    from tests.support.media import burnt_in

    path = tmp_path / name
    if name.endswith(".exr"):
        make_exr(path, 77, width=1200, height=600, dtype="float32")
    else:
        Image.fromarray(burnt_in(77, 1200, 600)).save(path)
    made = by_role(derive("image", [path], tmp_path / "out", LIMITS))
    assert (made["thumbnail"].width, made["thumbnail"].height) == (512, 256)
    assert (made["review_image"].width, made["review_image"].height) == (1200, 600)
    assert read_burnt_in(np.asarray(Image.open(made["thumbnail"].path).convert("RGB"))) == 77


def test_a_16_bit_still_is_scaled_to_8_bits(tmp_path):
    ramp = np.tile(np.linspace(0, 65535, 600).astype(np.uint16), (300, 1))  # black to white, left to right
    Image.fromarray(ramp).save(tmp_path / "depth.png")  # a 16-bit grey PNG
    made = by_role(derive("image", [tmp_path / "depth.png"], tmp_path / "out", LIMITS))
    source = np.asarray(Image.open(tmp_path / "depth.png"), dtype=np.float64)  # as Pillow stored it
    pixels = np.asarray(Image.open(made["review_image"].path).convert("L"), dtype=np.float64)
    assert pixels.shape == (300, 600) and source.max() == 65535  # really 16 bits
    assert np.abs(pixels - source / 65535 * 255).max() <= 3  # 16-bit values scaled to 8 (JPEG adds a little)


def test_the_preview_process_starts_without_numpy_for_the_common_images():
    import subprocess
    import sys

    # numpy is half of a small image's job in the child; only 16-bit images and EXRs import it
    check = "import sys, brickyard.server.media.derive; print('numpy' in sys.modules)"
    answer = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "False"


def test_a_tone_gets_a_waveform_and_an_aac_proxy(tmp_path):
    source = make_tone(tmp_path / "tone.wav", 1.5)
    made = by_role(derive("audio", [source], tmp_path / "out", LIMITS))
    assert abs(made["proxy"].duration - 1.5) < 0.05
    with av.open(made["proxy"].path) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
    assert not_blank(made["waveform"].path)


@pytest.mark.parametrize("paths, kind", [
    (["a.mov"], "video"), (["a.EXR"], "image"), (["a.1.png", "a.2.png"], "sequence"), (["a.flac"], "audio"),
    (["a.blend"], None), (["a.mov", "b.mov"], None), (["a.png", "a.exr"], None)])
def test_kinds_come_from_the_file_names(paths, kind):
    assert classify(paths) == kind


def test_a_multi_part_exr_shows_the_first_part_with_an_rgb_layer(tmp_path):
    import OpenEXR

    from tests.support.media import burnt_in

    srgb = burnt_in(5, 64, 32).astype(np.float32) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    def header() -> dict:  # one dict per part: the bindings write the part's name into it
        return {"type": OpenEXR.scanlineimage, "compression": OpenEXR.ZIP_COMPRESSION}

    beauty = {f"beauty.{c}": np.ascontiguousarray(linear[..., i]) for i, c in enumerate("RGB")}
    beauty["beauty.A"] = np.ones((32, 64), np.float32)
    parts = [OpenEXR.Part(header(), {"Z": np.zeros((32, 64), np.float32)}, name="depth"),
             OpenEXR.Part(header(), beauty, name="beauty")]
    with OpenEXR.File(parts) as exr:
        exr.write(str(tmp_path / "multi.exr"))
    made = by_role(derive("image", [tmp_path / "multi.exr"], tmp_path / "out", LIMITS))
    assert read_burnt_in(np.asarray(Image.open(made["thumbnail"].path).convert("RGB"))) == 5


def test_a_dpx_still_reads_through_ffmpeg(tmp_path):
    from tests.support.media import burnt_in

    path = tmp_path / "still.dpx"
    with av.open(str(path), "w", format="image2") as out:
        stream = out.add_stream("dpx", rate=1)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "rgb48le"
        frame = av.VideoFrame.from_ndarray(burnt_in(9), format="rgb24")
        frame.pts = 0
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    made = by_role(derive("image", [path], tmp_path / "out", LIMITS))
    assert read_burnt_in(np.asarray(Image.open(made["review_image"].path).convert("RGB"))) == 9


def write_psd(path, width: int, height: int, left: tuple[int, int, int], right: tuple[int, int, int]):
    """A minimal flattened PSD (what Photoshop saves with "maximize compatibility"): header, empty colour
    mode, resources and layer sections, then the merged image as raw 8-bit planar RGB. Pillow cannot
    write PSD, so the bytes are laid out here by the format's own rules."""
    import struct

    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)  # v1, 3 channels, 8 bit, RGB
    planes = b""
    for channel in range(3):
        row = bytes([left[channel]] * (width // 2) + [right[channel]] * (width - width // 2))
        planes += row * height
    path.write_bytes(header + struct.pack(">III", 0, 0, 0) + struct.pack(">H", 0) + planes)
    return path


def test_a_psd_gets_a_thumbnail_from_its_composite(tmp_path):
    source = write_psd(tmp_path / "matte.psd", 200, 100, left=(220, 30, 30), right=(30, 30, 220))
    assert classify([source.name]) == "image"
    made = by_role(derive("image", [source], tmp_path / "out", LIMITS))
    thumbnail = np.asarray(Image.open(made["thumbnail"].path).convert("RGB")).astype(int)
    assert thumbnail.shape == (100, 200, 3)
    assert np.abs(thumbnail[50, 25] - (220, 30, 30)).max() < 12  # the composite's red half …
    assert np.abs(thumbnail[50, 175] - (30, 30, 220)).max() < 12  # … and its blue half, where they were


def test_an_exr_is_shown_through_the_projects_ocio_view_when_it_names_a_config(tmp_path):
    from dataclasses import replace

    from brickyard.server.media.errors import MediaError

    from tests.support.media import make_flat_exr, write_swap_ocio_config

    source = make_flat_exr(tmp_path / "red.exr", (0.5, 0.0, 0.0))
    plain = by_role(derive("image", [source], tmp_path / "plain", LIMITS))
    assert np.abs(np.asarray(Image.open(plain["thumbnail"].path))[16, 32].astype(int) - (188, 0, 0)).max() <= 3

    config = write_swap_ocio_config(tmp_path / "config.ocio")
    color = {"ocio_config": str(config), "display": "review", "view": "swap"}
    viewed = by_role(derive("image", [source], tmp_path / "ocio", replace(LIMITS, color=color)))
    assert np.abs(np.asarray(Image.open(viewed["thumbnail"].path))[16, 32].astype(int) - (0, 0, 128)).max() <= 3

    with pytest.raises(MediaError, match="has no view 'film'.*swap, raw"):
        derive("image", [source], tmp_path / "bad", replace(LIMITS, color={**color, "view": "film"}))
