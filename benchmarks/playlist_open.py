"""A review playlist of 200 versions opens in <= 1 s (issue 19).

    python benchmarks/playlist_open.py [--assets 2000] [--items 200] [--rounds 15]

Fills a project with ``--assets`` assets x 5 versions straight into SQLite (as benchmarks/web_pages.py does),
makes a playlist of 3 and one of ``--items`` versions through the API, then prints side by side in one run:
the median time of the playlist page (web, over HTTP on loopback, against a real uvicorn server) and of the
API's JSON for each length with their ratio, the SQL statements the page costs at each length (the same
number: O(1) in the items), and the time until Chromium has the long playlist's page loaded with its player
(where a Chromium exists). Target: the long playlist's page loaded in the browser <= 1 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402
from web_pages import counting, fill, median_ms, sign_in  # noqa: E402


def query_counts(data: Path, token: str, paths: dict[str, str]) -> dict[str, int]:
    from brickyard.server.app import create_app
    from brickyard.server.settings import Settings
    from fastapi.testclient import TestClient
    app = create_app(Settings(data_dir=data))
    http = TestClient(app, follow_redirects=False)
    form = http.get("/signin").text
    secret = re.search(r'name="signin_secret" value="([^"]+)"', form).group(1)
    http.post("/signin", data={"token": token, "signin_secret": secret, "next": "/"})
    counts = {}
    for label, path in paths.items():
        http.get(path)
        with counting(app.state.engine) as seen:
            assert http.get(path).status_code == 200
        counts[label] = len(seen)
    app.state.engine.dispose()
    return counts


def browser_open_ms(url: str, token: str, path: str) -> str:
    chromium = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped (no Playwright)"
    if chromium is None:
        return "skipped (no Chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(base_url=url)
        page.goto("/signin")
        page.fill("#token", token)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        times = []
        for item in range(5):
            page.goto(f"{path}?item={item * 40}")  # a different item each time: its own media, its thread
            times.append(page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                                       " return n.loadEventEnd - n.startTime; }"))
        browser.close()
    return f"{statistics.median(times):.0f} ms median, {max(times):.0f} ms worst (5 loads, items 1…161)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=2000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    work = scratch_dir()
    try:
        with running_server(work) as (_, url, token):
            client = admin_project(url, token)
            sam = client.create_user("sam").token
            client.add_member("bench", "sam", "supervisor")
            project_id = client.project("bench").id
            data = work / "server-data"
            author = requests.get(url + "/api/v1/me", headers={"Authorization": f"Bearer {sam}"}).json()["id"]
            fill(data / "brickyard.db", project_id, author, args.assets, 5)
            with sqlite3.connect(data / "brickyard.db") as con:
                ids = [row[0] for row in con.execute(
                    "SELECT id FROM versions ORDER BY (id * 7919) % 100003 LIMIT ?", (args.items,))]
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {sam}"
            made = {}
            for label, versions in (("3 versions", ids[:3]), (f"{args.items} versions", ids)):
                start = time.perf_counter()
                answer = api.post(url + "/api/v1/projects/bench/playlists", json={"name": label, "versions": versions})
                assert answer.status_code == 201, answer.text
                made[label] = (answer.json()["id"], (time.perf_counter() - start) * 1000)
            web = sign_in(url, sam)
            print(f"{args.assets} assets / {args.assets * 5} versions; playlists made in "
                  + ", ".join(f"{label}: {ms:.0f} ms" for label, (_, ms) in made.items()))
            print(f"\n{'over HTTP on loopback, median of ' + str(args.rounds):<40} {'web page':>10} {'API JSON':>10}")
            rows = {}
            for label, (playlist_id, _) in made.items():
                page = median_ms(web, f"{url}/p/bench/playlist/{playlist_id}?item=1", args.rounds)
                json_ms = median_ms(api, f"{url}/api/v1/projects/bench/playlists/{playlist_id}", args.rounds)
                rows[label] = page
                print(f"{'playlist, ' + label:<40} {page:8.1f}ms {json_ms:8.1f}ms")
            short, long = rows["3 versions"], rows[f"{args.items} versions"]
            print(f"page: {args.items} versions / 3 versions = {long / short:.2f}x")
            counts = query_counts(data, sam, {label: f"/p/bench/playlist/{pid}?item=1"
                                              for label, (pid, _) in made.items()})
            print("SQL statements per playlist page: " + ", ".join(f"{k}: {v}" for k, v in counts.items())
                  + " (target: the same, whatever the length)")
            long_id = made[f"{args.items} versions"][0]
            print(f"browser, playlist of {args.items}: " + browser_open_ms(url, sam, f"/p/bench/playlist/{long_id}")
                  + " (target <= 1 s)")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
