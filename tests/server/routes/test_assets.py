"""The asset list: filters, where each asset stands, keyset pages, and one query per page."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.server.factories import error_of


@pytest.fixture
def library(api):
    api.project("film")
    hero = api.publish("film", "hero", folder="characters", tags=["main", "Café"])
    api.publish("film", "hero", folder="characters")
    api.set_status(hero["id"], "approved")
    api.publish("film", "villain", folder="characters/bad", kind="rig", tags=["main"])
    old = api.publish("film", "old_tree", folder="props")
    api.set_status(old["id"], "deprecated")
    api.publish("film", "style", folder="ai", kind="lora", metadata={"base_model": "sdxl"}, status="review")
    return api


def names(page):
    return [f"{a['folder']}/{a['name']}" for a in page["items"]]


def test_filters(library):
    def get(**params):
        return library.ok("GET", "/projects/film/assets", params=params)
    # ordered by folder, then name: "characters" sorts before "characters/bad"
    assert names(get()) == ["ai/style", "characters/hero", "characters/bad/villain", "props/old_tree"]
    assert sorted(names(get(folder="characters"))) == ["characters/bad/villain", "characters/hero"]
    assert names(get(folder="characters/bad")) == ["characters/bad/villain"]
    assert names(get(folder="char")) == []  # a folder, not a prefix
    assert names(get(kind="rig")) == ["characters/bad/villain"]
    assert sorted(names(get(tag="main"))) == ["characters/bad/villain", "characters/hero"]
    assert names(get(status="review")) == ["ai/style"]
    assert names(get(status="deprecated")) == ["props/old_tree"]
    assert names(get(search="VILL")) == ["characters/bad/villain"]
    assert names(get(search="café")) == ["characters/hero"]  # tags are searched too
    assert names(get(search="100%")) == []  # LIKE wildcards are literal


def test_latest_fields(library):
    by_name = {a["name"]: a for a in library.ok("GET", "/projects/film/assets")["items"]}
    hero = by_name["hero"]
    assert (hero["latest_version"], hero["latest_status"], hero["latest_approved"]) == (2, "wip", 1)
    assert hero["reference"] == "brickyard://film/characters/hero?version=latest"
    assert sorted(hero["tags"]) == ["Café", "main"]
    tree = by_name["old_tree"]
    assert (tree["latest_version"], tree["latest_status"], tree["latest_approved"]) == (None, "deprecated", None)
    assert by_name["style"]["metadata"] == {"base_model": "sdxl"}


def test_pagination_walks_every_asset_once_with_one_query_per_page(api, app):
    api.project("film")
    for i in range(7):
        api.publish("film", f"prop_{i}", folder="props" if i % 2 else "set")
    statements: list[str] = []
    def listen(*args):
        statements.append(args[2])
    event.listen(app.state.engine, "before_cursor_execute", listen)
    seen, cursor, pages = [], None, 0
    try:
        while True:
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = api.ok("GET", "/projects/film/assets", params=params)
            seen += names(page)
            pages += 1
            cursor = page["next_cursor"]
            if not cursor:
                break
    finally:
        event.remove(app.state.engine, "before_cursor_execute", listen)
    assert pages == 3 and len(seen) == 7 and len(set(seen)) == 7
    assert seen == sorted(seen, key=lambda n: (n.rsplit("/", 1)[0], n.rsplit("/", 1)[1]))
    asset_queries = [s for s in statements if "FROM assets" in s and "tokens" not in s]
    assert len(asset_queries) == pages  # latest/approved/status come in the same query


def test_bad_cursor_and_limit(library):
    bad = library.get("/projects/film/assets", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422 and error_of(bad)["code"] == "invalid_input"
    too_many = library.get("/projects/film/assets", params={"limit": 501})
    assert too_many.status_code == 422 and error_of(too_many)["detail"]["errors"]
