"""The player's arithmetic: rates, SMPTE timecode (drop-frame included), frame ↔ media time — in Python
and, run by Node over the same frames, in the page's static/timecode.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from brickyard.server.web.timecode import frame_at, rate_of, seek_time, timecode

TIMECODE_JS = Path(__file__).resolve().parents[3] / "server_stub" / "web" / "static" / "timecode.js"
RATES = [23.976, 24, 25, 29.97, 30, 50, 59.94, 60]
# across the drop-frame edges (each minute, each tenth minute) and past an hour
FRAMES = [0, 1, 23, 24, 25, 29, 30, 59, 60, 1438, 1439, 1440, 1797, 1798, 1799, 1800, 1801, 3597, 3598, 3600,
          17981, 17982, 17983, 35964, 86399, 107892, 107893, 215784, 345600]


def test_rates_are_exact_fractions():
    assert rate_of(23.976).fps == Fraction(24000, 1001) and rate_of(23.976).nominal == 24
    assert rate_of("29.97").fps == Fraction(30000, 1001) and rate_of(29.97).drop == 2
    assert rate_of(59.94).drop == 4 and rate_of(60).drop == 0 and rate_of(30).drop == 0
    assert rate_of(25).fps == 25 and rate_of(12.5).fps == Fraction(25, 2)
    with pytest.raises(ValueError):
        rate_of(0)


@pytest.mark.parametrize("fps, frame, expected", [
    (24, 0, "00:00:00:00"), (24, 23, "00:00:00:23"), (24, 24, "00:00:01:00"), (24, 86400, "01:00:00:00"),
    (23.976, 24, "00:00:01:00"), (23.976, 86399, "00:59:59:23"),  # counted as 24, slower than the clock
    (25, 90000, "01:00:00:00"), (50, 49, "00:00:00:49"), (60, 3600, "00:01:00:00"),
    (29.97, 1799, "00:00:59;29"), (29.97, 1800, "00:01:00;02"),  # ;00 and ;01 do not exist at 1 min
    (29.97, 17981, "00:09:59;29"), (29.97, 17982, "00:10:00;00"),  # …but do at every tenth minute
    (29.97, 107892, "01:00:00;00"), (59.94, 3599, "00:00:59;59"), (59.94, 3600, "00:01:00;04"),
    (59.94, 215784, "01:00:00;00"),
    (30, 1800, "00:01:00:00"),
])
def test_timecode(fps, frame, expected):
    assert timecode(frame, rate_of(fps)) == expected


@pytest.mark.parametrize("fps", RATES)
def test_a_seek_lands_mid_frame_and_media_time_reads_back_the_frame(fps):
    rate = rate_of(fps)
    for frame in range(0, 5000, 7):
        start, end = float(frame / rate.fps), float((frame + 1) / rate.fps)
        assert start < seek_time(frame, rate) < end  # inside the frame's display interval, never on an edge
        assert frame_at(start, rate) == frame  # the mediaTime a decoder reports for it


def test_the_page_computes_the_same_as_the_server():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed, so static/timecode.js is only tested in the browser tests")
    script = (f"import {{ rateOf, timecode, frameAt, seekTime }} from {json.dumps(TIMECODE_JS.as_uri())};"
              f"const out = {{}}; for (const fps of {json.dumps(RATES)}) {{ const r = rateOf(fps);"
              f"out[fps] = {{ tc: {json.dumps(FRAMES)}.map((f) => timecode(f, r)),"
              f" back: {json.dumps(FRAMES)}.map((f) => Math.floor(seekTime(f, r) * r.num / r.den)),"
              f" shown: {json.dumps(FRAMES)}.map((f) => frameAt(f * r.den / r.num, r)), nominal: r.nominal,"
              f" drop: r.drop, fps: [r.num, r.den] }}; }} console.log(JSON.stringify(out));")
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    for fps in RATES:
        rate = rate_of(fps)
        got = page[str(fps) if str(fps) in page else str(int(fps))]
        assert got["tc"] == [timecode(f, rate) for f in FRAMES], fps
        assert got["back"] == FRAMES and got["shown"] == FRAMES
        assert (got["nominal"], got["drop"], Fraction(*got["fps"])) == (rate.nominal, rate.drop, rate.fps)
