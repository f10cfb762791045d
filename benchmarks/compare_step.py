"""Frame step in the compare view: A drives B, both on one frame — how much slower than one player?

    python benchmarks/compare_step.py [--frames 48] [--steps 30] [--fps 24]

Two 1080p versions of one clip (frames bar-coded with their number) are published to a fresh embedded
server, whose worker makes their H.264 proxies; Chromium opens the asset page twice. Measured in the page,
side by side in one run: the time from a → key on A's slider until *both* A's and B's sliders report the
next frame (each reports from requestVideoFrameCallback, i.e. once the frame is presented), against the
same step on the page with one player. After the steps both pictures are read back and must show the
frame reported. The single player's target is ≤ 50 ms median (frame_step.py); this shows what B adds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402
from frame_step import READ_SHOWN, wait_for_proxy  # noqa: E402
from web_pages import sign_in  # noqa: E402

from tests.support.media import make_clip  # noqa: E402
from tests.web.conftest import chromium_path  # noqa: E402

# From the key on the first slider until every listed slider reports the next frame.
STEP = """async ([steps, panes]) => {
  const sliders = panes.map((p) => document.querySelector(p + ' .role-proxy .scrubber'));
  sliders[0].focus();
  const times = [];
  for (let i = 0; i < steps; i += 1) {
    const want = String(Number(sliders[0].getAttribute('aria-valuenow')) + 1);
    const done = Promise.all(sliders.map((s) => new Promise((ok) => {
      if (s.getAttribute('aria-valuenow') === want) { ok(); return; }
      const mo = new MutationObserver(() => {
        if (s.getAttribute('aria-valuenow') === want) { mo.disconnect(); ok(); } });
      mo.observe(s, { attributes: true }); })));
    const t0 = performance.now();
    sliders[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await done;
    times.push(performance.now() - t0);
  }
  return times;
}"""
LOADED = "v => new Promise(ok => v.readyState >= 3 ? ok() : v.addEventListener('canplaythrough', ok))"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=48)
    parser.add_argument("--steps", type=int, default=30)
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
        with running_server(work) as (_, url, token):
            client = admin_project(url, token)
            sam = client.create_user("sam").token
            client.add_member("bench", "sam", "supervisor")
            for number, tint in enumerate(((1.0, 0.8, 0.6), (0.6, 0.8, 1.0))):
                clip = make_clip(work / f"cmp_{number}.mov", args.frames, width=1920, height=1080, fps=rate,
                                 tint=tint)
                version = client.publish("bench", "cmp_1080p", "video", [clip], folder="shots",
                                         metadata={"fps": float(rate)})
                wait_for_proxy(client, version.reference)
            cookie = sign_in(url, sam).cookies
            steps = min(args.steps, args.frames - 1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
                context.add_cookies([{"name": c.name, "value": c.value, "url": url} for c in cookie])
                page = context.new_page()
                page.goto("/p/bench/asset/shots/cmp_1080p?v=2&frame=0")
                page.locator("video").evaluate(LOADED)
                single = page.evaluate(STEP, [steps, [".viewer"]])
                page.goto("/p/bench/asset/shots/cmp_1080p?v=2&compare=1&mode=side&frame=0")
                for pane in (".pane-a", ".pane-b"):
                    page.locator(f"{pane} video").evaluate(LOADED)
                paired = page.evaluate(STEP, [steps, [".pane-a", ".pane-b"]])
                page.evaluate("() => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)))")
                reported = [int(page.get_attribute(f"{p} .role-proxy .scrubber", "aria-valuenow"))
                            for p in (".pane-a", ".pane-b")]
                shown = [page.locator(f"{p} video").evaluate(READ_SHOWN) for p in (".pane-a", ".pane-b")]
                browser.close()
        print(f"two 1920×1080 proxies, {steps} steps each, median (p90) in the page")
        print(f"{'one player: → key to the next frame presented':<52} {statistics.median(single):7.1f} ms "
              f"({statistics.quantiles(single, n=10)[-1]:.1f})")
        print(f"{'compare: → key on A to A and B both presenting it':<52} {statistics.median(paired):7.1f} ms "
              f"({statistics.quantiles(paired, n=10)[-1]:.1f})")
        print(f"ratio compare / one player: {statistics.median(paired) / statistics.median(single):.2f}×")
        print(f"after the steps A and B report {reported}; their pictures show {shown}"
              + ("" if reported == shown == [steps, steps] else "  <-- MISMATCH"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
