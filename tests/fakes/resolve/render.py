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

FORMATS = {"QuickTime": "mov", "MP4": "mp4", "EXR": "exr", "DPX": "dpx", "TIFF": "tif", "Wave": "wav"}
CODECS = {
    "QuickTime": {"Apple ProRes 422 HQ": "ProRes422HQ", "Apple ProRes 4444": "ProRes4444", "H.264": "H264"},
    "MP4": {"H.264": "H264", "H.265": "H265"},
    "EXR": {"RGB half (no compression)": "RGBHalf", "RGB half (ZIP)": "RGBHalfZIP"},
    "DPX": {"RGB 10 bit": "RGB10"},
    "TIFF": {"RGB 16 bit": "RGB16"},
    "Wave": {"Linear PCM": "LinearPCM"},
}
SEQUENCE_FORMATS = {"EXR", "DPX", "TIFF"}
PRESETS = {"H.264 Master": ("MP4", "H264"), "ProRes 422 HQ": ("QuickTime", "ProRes422HQ"),
           "EXR half": ("EXR", "RGBHalf")}
SETTING_KEYS = frozenset({
    "SelectAllFrames", "MarkIn", "MarkOut", "TargetDir", "CustomName", "UniqueFilenameStyle", "ExportVideo",
    "ExportAudio", "FormatWidth", "FormatHeight", "FrameRate", "PixelAspectRatio", "VideoQuality", "AudioCodec",
    "AudioBitDepth", "AudioSampleRate", "ColorSpaceTag", "GammaTag", "ExportAlpha", "EncodingProfile",
    "MultiPassEncode", "AlphaMode", "NetworkOptimization", "ClipStartFrame", "TimelineStartTimecode",
    "ReplaceExistingFilesInPlace", "ExportSubtitle", "SubtitleFormat"})


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
        ext = FORMATS[self.format]
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
        ext = FORMATS[self.format]
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
