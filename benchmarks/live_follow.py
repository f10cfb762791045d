"""How far a live session's follower lags its driver (issue 19: <= 100 ms median on loopback).

    python benchmarks/live_follow.py [--steps 20] [--no-postgres]

Two Chromium contexts on one real uvicorn server: the driver (sam) steps a 48-frame PNG sequence one frame at
a time on a playlist page; the follower (ana) has the same page open. For each step the time from the
driver's key press to the follower's slider showing that frame (both clocks are the same machine's, read
as performance.timeOrigin + now()). Printed side by side for SQLite (the embedded server wakes its
event streams in-process after the commit) and PostgreSQL (LISTEN/NOTIFY wakes the stream at commit),
where one is reachable.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

NOW = "() => performance.timeOrigin + performance.now()"
WATCH = """() => { window.seen = []; const s = document.querySelector('.scrubber');
  new MutationObserver(() => window.seen.push([s.getAttribute('aria-valuenow'),
                                                performance.timeOrigin + performance.now()]))
    .observe(s, {attributes: true, attributeFilter: ['aria-valuenow']}); }"""


def frames(folder: Path, count: int = 48) -> list[Path]:
    from PIL import Image
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"plate.{1001 + i:04d}.png"
        Image.new("RGB", (64, 36), (i * 5 % 256, 80, 120)).save(path)
        paths.append(path)
    return paths


def sign_in(page, token: str) -> None:
    page.goto("/signin")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def lags(browser, url: str, admin_token: str, work: Path, steps: int) -> list[float]:
    client = admin_project(url, admin_token, "bench")
    tokens = {}
    for name, role in (("sam", "supervisor"), ("ana", "artist")):
        tokens[name] = client.create_user(name).token
        client.add_member("bench", name, role)
    version = client.publish("bench", "plate", "render", frames(work / "plate"), folder="shots")
    playlist = client.create_playlist("bench", "live", [version])
    pages = {}
    for name in ("sam", "ana"):
        context = browser.new_context(base_url=url)
        pages[name] = context.new_page()
        sign_in(pages[name], tokens[name])
    driver, follower = pages["sam"], pages["ana"]
    driver.goto(f"/p/bench/playlist/{playlist.id}")
    driver.click("[data-testid=live-start] button")
    driver.wait_for_selector("[data-testid=handover]")
    follower.goto(f"/p/bench/playlist/{playlist.id}")
    while follower.evaluate("() => document.body.dataset.live") != "connected":
        follower.wait_for_timeout(50)
    follower.evaluate(WATCH)
    driver.locator(".scrubber").first.focus()
    driver.wait_for_timeout(1000)
    found = []
    for _ in range(steps):
        expected = str(int(driver.evaluate("() => document.querySelector('.scrubber').getAttribute('aria-valuenow')"))
                       + 1)
        pressed = driver.evaluate(NOW)
        driver.keyboard.press("ArrowRight")
        for _ in range(100):
            hit = follower.evaluate(f"() => window.seen.find(([n]) => n === '{expected}')")
            if hit:
                found.append(hit[1] - pressed)
                break
            follower.wait_for_timeout(10)
        driver.wait_for_timeout(150)
    for page in pages.values():
        page.context.close()
    client.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    chromium = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
    if chromium is None:
        print("skipped: no Chromium")
        return
    backends = [("SQLite (embedded: woken in-process after commit)", None)]
    if not args.no_postgres:
        try:
            from tests.support.postgres import fresh_database
            backends.append(("PostgreSQL (LISTEN/NOTIFY)", fresh_database))
        except ImportError:
            pass
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        print(f"{'driver key press -> follower shows the frame, ' + str(args.steps) + ' steps':<56} "
              f"{'median':>8} {'p90':>8} {'max':>8}")
        for label, database in backends:
            work = scratch_dir()
            try:
                with (database() if database else nullcontext(None)) as db_url:
                    with running_server(work, db_url) as (_, url, token):
                        found = lags(browser, url, token, work, args.steps)
            except Exception as exc:  # PostgreSQL unreachable: say so and go on
                print(f"{label:<56} skipped ({type(exc).__name__}: {str(exc).splitlines()[0][:60]})")
                continue
            finally:
                shutil.rmtree(work, ignore_errors=True)
            if len(found) < args.steps:
                print(f"{label:<56} {args.steps - len(found)} step(s) never arrived")
            found.sort()
            p90 = found[int(len(found) * 0.9) - 1] if found else float("nan")
            print(f"{label:<56} {statistics.median(found):6.0f}ms {p90:6.0f}ms {max(found):6.0f}ms")
        browser.close()
    print("target: <= 100 ms median on loopback")


if __name__ == "__main__":
    main()
