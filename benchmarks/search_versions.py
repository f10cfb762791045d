"""Search over 50,000 versions: full-text words and metadata filters, over HTTP.

    python benchmarks/search_versions.py [--versions 50000] [--database-url URL]

The catalogue (10,000 generated images × 5 versions, each with a prompt, seed, generator and base model)
is written straight into the database through the server's own indexing rules (publishing 50,000
versions one by one would measure publishing); then each query is asked 15 times through the HTTP API
and its median printed (target ≤ 50 ms).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402
from sqlalchemy import create_engine, insert, select  # noqa: E402

from brickyard.server import tables as t  # noqa: E402
from brickyard.server.services.search_index import field_rows, search_words  # noqa: E402

SUBJECTS = ["lighthouse", "fox", "castle", "robot", "forest", "harbour", "dragon", "village", "desert", "train"]
STYLES = ["oil painting", "watercolour", "cinematic lighting", "pencil sketch", "35mm photo", "isometric"]
TIMES = ["at dusk", "at dawn", "in the snow", "in the rain", "at night", "under a storm"]
BASES = ["sdxl", "sd1", "flux"]


def populate(database_url: str, versions: int) -> None:
    engine = create_engine(database_url)
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    assets_n = versions // 5
    with engine.begin() as db:
        project_id = db.scalar(select(t.Project.id).where(t.Project.code == "bench"))
        user_id = db.scalar(select(t.User.id).where(t.User.name == "admin"))
        db.execute(insert(t.Blob.__table__), [{"sha256": f"{0:064x}", "size": 1, "created_at": now}])
        asset_rows, version_rows, fields, search = [], [], [], []
        for a in range(1, assets_n + 1):
            folder, name = f"gens/batch_{a % 50:02d}", f"gen_{a:05d}"
            texts = [search_words(folder, name, [], "", {})]
            for n in range(1, 6):
                meta = {"prompt": f"a {rng.choice(SUBJECTS)} {rng.choice(TIMES)}, {rng.choice(STYLES)}",
                        "seed": rng.randrange(10 ** 9), "generator": rng.choice(["comfyui", "a1111"]),
                        "base_model": rng.choice(BASES)}
                version_rows.append({"id": (a - 1) * 5 + n, "asset_id": a, "number": n, "status": "wip",
                                     "author_id": user_id, "comment": f"take {n}", "metadata": meta, "inputs": [],
                                     "created_at": now})
                texts.append(search_words("", "", [], f"take {n}", meta))
            asset_rows.append({"id": a, "project_id": project_id, "folder": folder, "name": name, "kind": "image",
                               "tags": [], "metadata": meta, "latest_number": 5, "created_at": now})
            fields += [{"asset_id": a, "key": k, "value": v} for k, v in field_rows(meta)]
            search.append({"asset_id": a, "body": " ".join(dict.fromkeys(" ".join(texts).split()))})
        db.execute(insert(t.Asset.__table__), asset_rows)
        db.execute(insert(t.Version.__table__), version_rows)
        db.execute(insert(t.Representation.__table__), [{"id": v["id"], "version_id": v["id"], "name": "png"}
                                              for v in version_rows])
        db.execute(insert(t.File.__table__), [{"representation_id": v["id"], "path": "image.png", "size": 1,
                                     "sha256": f"{0:064x}"} for v in version_rows])
        db.execute(insert(t.AssetField.__table__), fields)
        db.execute(insert(t.AssetSearch.__table__), search)
    if engine.dialect.name == "postgresql":  # a bulk load leaves the planner without statistics until autovacuum
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.exec_driver_sql("ANALYZE")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--versions", type=int, default=50_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = scratch_dir()
    try:
        with running_server(work, args.database_url) as (_, url, token):
            client = admin_project(url, token)
            database_url = args.database_url or f"sqlite:///{work / 'server-data' / 'brickyard.db'}"
            start = time.perf_counter()
            populate(database_url, args.versions)
            print(f"{args.versions} versions in {args.versions // 5} assets written in "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            queries = [{"search": "lighthouse dusk"}, {"search": "fox snow watercolour"},
                       {"search": "take 3 dragon"}, {"search": "gen_0421"}, {"meta": {"base_model": "sdxl"}},
                       {"search": "castle", "meta": {"generator": "comfyui", "base_model": "flux"}}]
            for query in queries:
                timings, found = [], 0
                for _ in range(15):
                    begin = time.perf_counter()
                    page = client.asset_page("bench", limit=100, **query)
                    timings.append(time.perf_counter() - begin)
                    found = len(page.items)
                median = statistics.median(timings) * 1000
                print(f"{str(query):<70} first page {found:>3} assets: median {median:5.1f} ms, "
                      f"best {min(timings) * 1000:5.1f} ms (target <= 50 ms)")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
