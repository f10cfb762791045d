"""Frame step to display in the web review player, on a 1080p review proxy in Chromium.

    python benchmarks/frame_step.py [--frames 96] [--steps 40] [--fps 24]

A 1920×1080 clip whose frames carry their number as a bar code is published to a fresh embedded server,
whose preview worker makes its H.264 proxy; Chromium opens the asset page. Measured in the page, side by
side in one run: the time from a → key on the player's slider to the slider reporting the next frame
(which it does from requestVideoFrameCallback, i.e. once that frame is presented), against a bare
<video> seek to the same frames on the same page (currentTime set → the frame callback). Each step's
shown frame is read back from the picture and must be the frame reported. Target: ≤ 50 ms median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402
from web_pages import sign_in  # noqa: E402

from tests.support.media import make_clip  # noqa: E402
from tests.web.conftest import chromium_path  # noqa: E402

STEP = """async (steps) => {
  const s = document.querySelector('.role-proxy .scrubber');
  s.focus();
  const times = [];
  for (let i = 0; i < steps; i += 1) {
    const before = s.getAttribute('aria-valuenow');
    const done = new Promise((ok) => { const mo = new MutationObserver(() => {
      if (s.getAttribute('aria-valuenow') !== before) { mo.disconnect(); ok(); } });
      mo.observe(s, { attributes: true }); });
    const t0 = performance.now();
    s.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await done;
    times.push(performance.now() - t0);
  }
  return times;
}"""
BARE = """async ([steps, fps]) => {
  const v = document.querySelector('video');
  const times = [];
  for (let i = 0; i < steps; i += 1) {
    const t0 = performance.now();
    const done = new Promise((ok) => v.requestVideoFrameCallback(ok));
    v.currentTime = (i + 0.5) / fps;
    await done;
    times.push(performance.now() - t0);
  }
  return times;
}"""
READ_SHOWN = """v => {
  const c = document.createElement('canvas'); c.width = v.videoWidth; c.height = v.videoHeight;
  const g = c.getContext('2d'); g.drawImage(v, 0, 0);
  const y = Math.floor((c.height / 8 + c.height / 2) / 2), block = c.width / 10; let n = 0;
  for (let bit = 0; bit < 10; bit += 1) {
    const d = g.getImageData(Math.floor(bit * block + block / 2), y, 1, 1).data;
    if ((d[0] + d[1] + d[2]) / 3 > 128) n |= 1 << bit; }
  return n; }"""


def wait_for_proxy(client, reference: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while True:
        states = [r.state.value for r in client.previews(reference).representations if r.kind]
        if states and all(s == "ready" for s in states):
            return
        if "failed" in states or time.monotonic() > deadline:
            raise SystemExit(f"the proxy was not made: {states}")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--fps", type=float, default=24)
    args = parser.parse_args()
    chromium = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("needs Playwright's Python package (pip install 'brickyard[test]')") from None
    if chromium is None:
        raise SystemExit("needs Chromium (apt-get install -y chromium)")
    work = scratch_dir()
    try:
        rate = Fraction(args.fps).limit_denominator(1001)
        clip = make_clip(work / "step_1080p.mov", args.frames, width=1920, height=1080, fps=rate)
        with running_server(work) as (_, url, token):
            client = admin_project(url, token)
            sam = client.create_user("sam").token
            client.add_member("bench", "sam", "supervisor")
            version = client.publish("bench", "step_1080p", "video", [clip], folder="shots",
                                     metadata={"fps": float(rate)})
            start = time.perf_counter()
            wait_for_proxy(client, version.reference)
            print(f"1080p proxy of {args.frames} frames made in {time.perf_counter() - start:.1f} s")
            cookie = sign_in(url, sam).cookies
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
                context.add_cookies([{"name": c.name, "value": c.value, "url": url} for c in cookie])
                page = context.new_page()
                page.goto("/p/bench/asset/shots/step_1080p?frame=0")
                page.locator("video").evaluate("v => new Promise(ok => v.readyState >= 3 ? ok() : "
                                               "v.addEventListener('canplaythrough', ok))")
                size = page.locator("video").evaluate("v => `${v.videoWidth}×${v.videoHeight}`")
                steps = min(args.steps, args.frames - 1)
                player = page.evaluate(STEP, steps)
                reported = int(page.get_attribute(".role-proxy .scrubber", "aria-valuenow"))
                shown = page.locator("video").evaluate(READ_SHOWN)
                bare = page.evaluate(BARE, [steps, float(rate)])
                browser.close()
        print(f"proxy {size}; {steps} steps each, median (p90) in the page")
        print(f"{'player: → key to the next frame presented':<48} {statistics.median(player):7.1f} ms "
              f"({statistics.quantiles(player, n=10)[-1]:.1f})")
        print(f"{'bare <video> seek to a frame, to its callback':<48} {statistics.median(bare):7.1f} ms "
              f"({statistics.quantiles(bare, n=10)[-1]:.1f})")
        print(f"ratio player / bare seek: {statistics.median(player) / statistics.median(bare):.2f}×")
        print(f"after the steps the player reports frame {reported}; the picture shows frame {shown}"
              + ("" if reported == shown == steps else "  <-- MISMATCH"))
        print("target: <= 50 ms median")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
