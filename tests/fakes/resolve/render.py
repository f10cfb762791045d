"""The fake render queue: jobs snapshot the current settings, rendering runs on a clock the test
advances (``FakeResolve.advance``), and a finished job writes its output files.

Reported behaviour kept here: queue changes are refused while rendering; image-sequence jobs (EXR,
DPX…) reach 100% and stop without ever saying ``Complete``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._remote import new_id
from .media import hint

# Resolve names a render format by its id, which is its extension: GetRenderFormats maps the names the
# Deliver page shows onto those ids; GetCurrentRenderFormatAndCodec answers ids ({'format': 'mov', ...});
# SetCurrentRenderFormatAndCodec and GetRenderCodecs take ids.
FORMATS = {"QuickTime": "mov", "MP4": "mp4", "OpenEXR": "exr", "DPX": "dpx", "TIFF": "tif", "Wave": "wav"}
CODECS = {
    "mov": {"Apple ProRes 422 HQ": "ProRes422HQ", "Apple ProRes 4444": "ProRes4444", "H.264": "H264"},
    "mp4": {"H.264": "H264", "H.265": "H265"},
    "exr": {"RGB half (no compression)": "RGBHalf", "RGB half (ZIP)": "RGBHalfZIP"},
    "dpx": {"RGB 10 bit": "RGB10"},
    "tif": {"RGB 16 bit": "RGB16"},
    "wav": {"Linear PCM": "LinearPCM"},
}
SEQUENCE_FORMATS = {"exr", "dpx", "tif"}
PRESETS = {"H.264 Master": ("mp4", "H264"), "ProRes 422 HQ": ("mov", "ProRes422HQ"),
           "EXR half": ("exr", "RGBHalf")}
DEFAULT_FORMAT = ("mov", "H264")  # the Deliver page's default: a QuickTime H.264 ("Custom Export")
# SetRenderSettings: each key with the types its value may have (the README's list); any other key or
# type makes the whole call fail. SETTINGS_SINCE gates a key by the release that added it; none of the
# keys here is dated by the README precisely enough yet, so it is empty rather than guessed.
SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "SelectAllFrames": (bool,), "MarkIn": (int,), "MarkOut": (int,), "TargetDir": (str,), "CustomName": (str,),
    "UniqueFilenameStyle": (int,), "ExportVideo": (bool,), "ExportAudio": (bool,), "FormatWidth": (int,),
    "FormatHeight": (int,), "FrameRate": (float, int), "PixelAspectRatio": (str,), "VideoQuality": (int, str),
    "AudioCodec": (str,), "AudioBitDepth": (int,), "AudioSampleRate": (int,), "ColorSpaceTag": (str,),
    "GammaTag": (str,), "ExportAlpha": (bool,), "EncodingProfile": (str,), "MultiPassEncode": (bool,),
    "AlphaMode": (int,), "NetworkOptimization": (bool,), "ClipStartFrame": (int,), "TimelineStartTimecode": (str,),
    "ReplaceExistingFilesInPlace": (bool,), "ExportSubtitle": (bool,), "SubtitleFormat": (str,)}
SETTINGS_SINCE: dict[str, tuple[int, int, int]] = {}


def setting_problem(key: str, value: Any, release: tuple[int, int, int]) -> str:
    """Why Resolve would refuse ``key: value`` in SetRenderSettings ("" when it takes it)."""
    types = SETTING_TYPES.get(key)
    if types is None or release < SETTINGS_SINCE.get(key, (0, 0, 0)):
        return f"unknown key {key!r}"
    if isinstance(value, bool) and bool not in types:  # a bool is an int to Python, not to Resolve
        return f"{key} takes {types}, not a bool"
    return "" if isinstance(value, types) else f"{key} takes {types}, not {type(value).__name__}"


@dataclass
class RenderJob:
    id: str
    timeline_name: str
    format: str
    codec: str
    target_dir: str
    custom_name: str
    first: int
    last: int
    fps: float
    width: int
    height: int
    status: str = "Ready"
    done_frames: float = 0.0
    error: str = ""
    fail_with: str = ""
    outputs: list[str] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return self.last - self.first + 1

    @property
    def percent(self) -> int:
        return int(100 * min(self.done_frames, self.frames) / self.frames)

    @property
    def output_name(self) -> str:
        ext = self.format
        if self.format in SEQUENCE_FORMATS:
            return f"{self.custom_name}_{self.first:08d}.{ext}"
        return f"{self.custom_name}.{ext}"

    def listing(self) -> dict[str, Any]:
        return {"JobId": self.id, "TimelineName": self.timeline_name, "TargetDir": self.target_dir,
                "OutputFilename": self.output_name, "RenderMode": "Single clip", "MarkIn": self.first,
                "MarkOut": self.last, "FormatWidth": self.width, "FormatHeight": self.height,
                "FrameRate": str(self.fps), "IsExportVideo": True, "IsExportAudio": False}

    def status_dict(self) -> dict[str, Any]:
        status: dict[str, Any] = {"JobStatus": self.status, "CompletionPercentage": self.percent}
        if self.status == "Rendering":
            status["EstimatedTimeRemainingInMs"] = 1000
        if self.status == "Complete":
            status["TimeTakenToRenderInMs"] = 1000
        if self.status == "Failed":
            status["Error"] = self.error
        return status

    def finish(self) -> None:
        """Write the files (hinted so the fake can import them again) or fail."""
        target = Path(self.target_dir)
        if self.fail_with or not target.is_dir():
            self.status = "Failed"
            self.error = self.fail_with or f"Failed to write to {self.target_dir}"
            return
        ext = self.format
        if self.format in SEQUENCE_FORMATS:
            names = [f"{self.custom_name}_{frame:08d}.{ext}" for frame in range(self.first, self.last + 1)]
            values = {"frames": 1, "fps": self.fps, "width": self.width, "height": self.height}
        else:
            names = [f"{self.custom_name}.{ext}"]
            values = {"frames": self.frames, "fps": self.fps, "width": self.width, "height": self.height}
        for name in names:
            (target / name).write_bytes(hint(**values) + b"rendered by the fake Resolve\n")
            self.outputs.append(str(target / name))
        # Reported of Resolve: sequence jobs stop at 100% without ever flipping to Complete.
        self.status = "Rendering" if self.format in SEQUENCE_FORMATS else "Complete"


def new_job(**values: Any) -> RenderJob:
    return RenderJob(id=new_id("job"), **values)
