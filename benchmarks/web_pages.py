"""The web review app at scale: 10,000 assets / 50,000 versions on SQLite.

    python benchmarks/web_pages.py [--assets 10000] [--versions-per-asset 5] [--rounds 15]

Prints, side by side in one run, the median time of the project page, a filtered search (each also in
every sort order, and a later keyset page) and an asset page
over HTTP against a real uvicorn server (loopback: the server's time plus ~1 ms), the API's JSON listing
of the same filter for comparison, the number of SQL queries an asset page costs with 5 versions and with
200, and the time until Chromium has the project page loaded (where a Chromium exists).
Targets: project page and filtered search <= 100 ms median; asset page O(1) queries; browser <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

KINDS = ["image", "video", "model", "lut", "lora", "texture", "render", "audio"]
STATUSES = ["wip", "review", "approved", "rejected"]


def fill(db_path: Path, project_id: int, author_id: int, assets: int, per_asset: int) -> None:
    """Insert assets, versions, representations and files straight into SQLite (publishing 50,000
    versions through the API would take the benchmark's whole budget; the pages only read)."""
    now = datetime.now(timezone.utc).isoformat(sep=" ")
    start = datetime(2026, 1, 1)
    sha = "ab" * 32
    con = sqlite3.connect(db_path)
    con.execute("INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, 10, ?)", (sha, now))
    asset_rows, version_rows, rep_rows, file_rows = [], [], [], []
    start_asset = (con.execute("SELECT coalesce(max(id), 0) FROM assets").fetchone()[0]) + 1
    version_id = (con.execute("SELECT coalesce(max(id), 0) FROM versions").fetchone()[0]) + 1
    for i in range(assets):
        asset_id = start_asset + i
        kind = KINDS[i % len(KINDS)]
        count = 200 if i == 1 else per_asset  # one long-lived asset, to show the asset page does not grow
        meta = {"base_model": ["sdxl", "flux", "sd15"][i % 3], "prompt": f"a {kind} of hero number {i}"}
        # dates spread and shuffled against the ids, so the date sorts walk their own indexes
        published = (start + timedelta(minutes=(i * 7919) % assets)).isoformat(sep=" ")
        updated = (start + timedelta(minutes=(i * 104729) % assets)).isoformat(sep=" ")
        asset_rows.append((asset_id, project_id, f"group_{i % 40:02d}/sub_{i % 7}", f"asset_{i:05d}", kind,
                           json.dumps([f"tag{i % 25}", kind]), json.dumps(meta), count, now, published,
                           max(published, updated)))
        for number in range(1, count + 1):
            status = STATUSES[(i + number) % len(STATUSES)]
            version_rows.append((version_id, asset_id, number, status, author_id, f"pass {number}", json.dumps(meta),
                                 "[]", sha if number == count else None, now))
            rep_rows.append((version_id, version_id, "png"))
            file_rows.append((version_id, version_id, f"asset_{i:05d}.png", 10, sha))
            version_id += 1
    con.executemany("INSERT INTO assets (id, project_id, folder, name, kind, tags, metadata, latest_number, "
                    "created_at, published_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", asset_rows)
    con.executemany("INSERT INTO versions (id, asset_id, number, status, author_id, comment, metadata, inputs, "
                    "thumbnail_sha256, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", version_rows)
    con.executemany("INSERT INTO representations (id, version_id, name) VALUES (?,?,?)", rep_rows)
    con.executemany("INSERT INTO files (id, representation_id, path, size, sha256) VALUES (?,?,?,?,?)", file_rows)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def sign_in(url: str, token: str) -> requests.Session:
    session = requests.Session()
    form = session.get(url + "/signin").text
    secret = re.search(r'name="signin_secret" value="([^"]+)"', form).group(1)
    response = session.post(url + "/signin", data={"token": token, "signin_secret": secret, "next": "/"},
                            allow_redirects=False)
    assert response.status_code == 303, response.text
    return session


def median_ms(session: requests.Session, url: str, rounds: int, **kwargs) -> float:
    session.get(url, **kwargs)  # warm
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = session.get(url, **kwargs)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return statistics.median(times) * 1000


@contextmanager
def counting(engine):
    from sqlalchemy import event
    seen: list[str] = []

    def record(_c, _cur, statement, *_a):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def query_counts(data: Path, token: str) -> dict[str, int]:
    """SQL statements one asset page costs, in-process on the same database."""
    from brickyard.server.app import create_app
    from brickyard.server.settings import Settings
    from fastapi.testclient import TestClient
    app = create_app(Settings(data_dir=data))
    http = TestClient(app, follow_redirects=False)
    form = http.get("/signin").text
    secret = re.search(r'name="signin_secret" value="([^"]+)"', form).group(1)
    http.post("/signin", data={"token": token, "signin_secret": secret, "next": "/"})
    counts = {}
    for label, path in (("5 versions", "/p/bench/asset/group_00/sub_0/asset_00000"),
                        ("200 versions", "/p/bench/asset/group_01/sub_1/asset_00001")):
        http.get(path)
        with counting(app.state.engine) as seen:
            assert http.get(path).status_code == 200
        counts[label] = len(seen)
    app.state.engine.dispose()
    return counts


def browser_load_ms(url: str, token: str) -> str:
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
        for _ in range(5):
            page.goto("/p/bench?q=hero&status=approved")
            times.append(page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                                       " return n.loadEventEnd - n.startTime; }"))
        browser.close()
    return f"{statistics.median(times):.0f} ms median (5 loads, filtered project page with thumbnails)"


SORTS = ["name", "-name", "-published", "-updated", "kind"]


def sorted_rows(web: requests.Session, api: requests.Session, url: str, rounds: int, filtered: str) -> list:
    """The project page and the filtered search in each sort order, and the fifth page of one (keyset)."""
    rows = []
    for sort in SORTS:
        rows.append((f"project page, sort={sort}", median_ms(web, f"{url}/p/bench?sort={sort}", rounds),
                     median_ms(api, f"{url}/api/v1/projects/bench/assets?sort={sort}&limit=48", rounds)))
        rows.append((f"filtered search, sort={sort}", median_ms(web, f"{url}/p/bench?{filtered}&sort={sort}", rounds),
                     median_ms(api, f"{url}/api/v1/projects/bench/assets?search=hero&kind=lora&status=approved"
                                    f"&tag=tag3&sort={sort}&limit=48", rounds)))
    cursor = None
    for _ in range(4):
        page = api.get(f"{url}/api/v1/projects/bench/assets", params={"sort": "-published", "limit": 48,
                                                                       **({"cursor": cursor} if cursor else {})})
        cursor = page.json()["next_cursor"]
    rows.append(("project page, sort=-published, 5th page (keyset)",
                 median_ms(web, f"{url}/p/bench", rounds, params={"sort": "-published", "cursor": cursor}),
                 median_ms(api, f"{url}/api/v1/projects/bench/assets", rounds,
                           params={"sort": "-published", "cursor": cursor, "limit": 48})))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--versions-per-asset", type=int, default=5)
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
            start = time.perf_counter()
            fill(data / "brickyard.db", project_id, author, args.assets, args.versions_per_asset)
            with sqlite3.connect(data / "brickyard.db") as con:
                n_assets, n_versions = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                        for t in ("assets", "versions"))
            print(f"filled {n_assets} assets / {n_versions} versions in {time.perf_counter() - start:.1f} s")
            web = sign_in(url, sam)
            api = requests.Session()
            api.headers["Authorization"] = f"Bearer {sam}"
            filtered = "q=hero&kind=lora&status=approved&tag=tag3"
            rows = [
                ("project page (first 48 assets, tree, feed)", median_ms(web, url + "/p/bench", args.rounds),
                 median_ms(api, url + "/api/v1/projects/bench/assets?limit=48", args.rounds)),
                ("filtered search (" + filtered + ")", median_ms(web, f"{url}/p/bench?{filtered}", args.rounds),
                 median_ms(api, f"{url}/api/v1/projects/bench/assets?search=hero&kind=lora&status=approved"
                                f"&tag=tag3&limit=48", args.rounds)),
                ("folder page (group_07)", median_ms(web, url + "/p/bench?folder=group_07", args.rounds),
                 median_ms(api, url + "/api/v1/projects/bench/assets?folder=group_07&limit=48", args.rounds)),
                *(sorted_rows(web, api, url, args.rounds, filtered)),
                ("asset page, 5 versions", median_ms(web, url + "/p/bench/asset/group_00/sub_0/asset_00000",
                                                     args.rounds), None),
                ("asset page, 200 versions", median_ms(web, url + "/p/bench/asset/group_01/sub_1/asset_00001",
                                                       args.rounds), None),
            ]
            print(f"\n{'over HTTP on loopback, median of ' + str(args.rounds):<58} {'web page':>10} "
                  f"{'API JSON':>10} {'ratio':>7}")
            for label, page_ms, api_ms in rows:
                ratio = f"{page_ms / api_ms:6.2f}x" if api_ms else "      -"
                api_text = f"{api_ms:8.1f}ms" if api_ms else "         -"
                print(f"{label:<58} {page_ms:8.1f}ms {api_text} {ratio}")
            print("target: project page and filtered search <= 100 ms median")
            counts = query_counts(data, sam)
            print("\nSQL statements per asset page: " + ", ".join(f"{k}: {v}" for k, v in counts.items())
                  + " (target: the same, whatever the version count)")
            print("browser: " + browser_load_ms(url, sam) + " (target <= 1 s)")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
