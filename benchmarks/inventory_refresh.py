"""Refreshing an inventory of 1,000 containers in the reference host, against a local server.

    python benchmarks/inventory_refresh.py [--containers 1000] [--assets 50] [--database-url URL]

Prints the request count and the time of one inventory refresh (target <= 1 s), beside a naive refresh
that resolves one container per request, measured in the same run; then the same for updating every
outdated container to its latest version.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import admin_project, running_server, scratch_dir  # noqa: E402

from brickyard.core.container import Container, parse_container  # noqa: E402
from brickyard.core.controllers import InventoryController  # noqa: E402
from brickyard.core.inventory import state_of  # noqa: E402
from brickyard.core.load import load  # noqa: E402
from brickyard.core.reference_host import ReferenceHost, reference_loaders  # noqa: E402


def build_scene(client, work: Path, containers: int, assets: int) -> ReferenceHost:
    """``assets`` assets with two versions each; the scene holds ``containers`` containers of their v1."""
    sample = work / "sample.txt"
    host = ReferenceHost(work / "scene.json", project="bench", folder="shots", asset="sh010")
    loader = reference_loaders().get("LoadFile")
    firsts = []
    for i in range(assets):
        sample.write_text(f"asset {i} v1\n")
        first = client.publish("bench", f"asset_{i:03d}", "model", [sample], folder=f"group_{i % 5}")
        if i % 2:  # half the assets get a newer version: their containers become outdated
            sample.write_text(f"asset {i} v2\n")
            client.publish("bench", f"asset_{i:03d}", "model", [sample], folder=f"group_{i % 5}")
        firsts.append(load(client, host, loader, first, "txt"))
    with host.batch():
        for n in range(containers - assets):
            source = firsts[n % assets]
            host.add_node(f"copy{n}", f"{source.name}_{n}", host.node(source.id)["paths"])
            host.write_container({**source.to_data(), "id": f"copy{n}", "name": f"{source.name}_{n}"})
    return host


def naive_refresh(client, host: ReferenceHost) -> list[str]:
    """What a per-container loop costs: one resolve request for each container."""
    states = []
    for data in host.list_containers():
        container = parse_container(data)
        assert isinstance(container, Container)
        [answer] = client.resolve([container.reference])
        states.append(state_of(container.version, answer.version.status, answer.latest))
    return states


def timed(step, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        timings.append(time.perf_counter() - start)
    return min(timings), statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--containers", type=int, default=1000)
    parser.add_argument("--assets", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    work = scratch_dir()
    try:
        with running_server(work, args.database_url) as (_, url, token):
            client = admin_project(url, token)
            client.library = work / "library"
            print(f"publishing {args.assets} assets and building a scene of {args.containers} containers ...",
                  flush=True)
            host = build_scene(client, work, args.containers, args.assets)
            sent: list[str] = []
            client.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request.path_url))
            controller = InventoryController(client, host, reference_loaders())

            sent.clear()
            items = controller.refresh()
            refresh_requests = len(sent)
            best, median = timed(controller.refresh, 5)
            reopen_best, _ = timed(lambda: InventoryController(client, ReferenceHost(host.path),
                                                               controller.loaders).refresh(), 3)
            sent.clear()
            naive_best, _ = timed(lambda: naive_refresh(client, host), 1)
            naive_requests = len(sent)
            outdated = [i.container_id for i in items if i.state == "outdated"]
            print(f"inventory refresh, {len(items)} containers ({len(outdated)} outdated):")
            print(f"  one resolve   : {refresh_requests} request(s), best {best * 1000:.0f} ms, "
                  f"median {median * 1000:.0f} ms, reopening the scene file too {reopen_best * 1000:.0f} ms "
                  f"(target <= 1000 ms)")
            print(f"  per container : {naive_requests} request(s), {naive_best * 1000:.0f} ms "
                  f"({naive_best / median:.0f}x slower)")

            sent.clear()
            start = time.perf_counter()
            with host.batch():
                outcomes = controller.update(outdated)
            elapsed = time.perf_counter() - start
            assert all(o.ok for o in outcomes), [o.message for o in outcomes if not o.ok][:3]
            resolves = sum(1 for path in sent if path.startswith("/api/v1/resolve"))
            print(f"update {len(outdated)} outdated containers to latest: {len(sent)} request(s) "
                  f"({resolves} resolve, the rest one download per distinct version), {elapsed * 1000:.0f} ms")
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
