"""Search: metadata filters and multi-word full-text over names, tags, comments and prompts (SQLite FTS5
and PostgreSQL full-text)."""

from __future__ import annotations

import pytest

from tests.server.factories import error_of


@pytest.fixture
def film(api):
    api.project("film")
    return api


def names(page):
    return [f"{a['folder']}/{a['name']}" for a in page["items"]]


def listing(api, **params):
    return api.ok("GET", "/projects/film/assets", params=params)


def test_meta_filters_match_the_latest_metadata_exactly(film):
    film.publish("film", "hero_style", "loras", kind="lora", metadata={"base_model": "sdxl", "network_dim": 16})
    film.publish("film", "fox_style", "loras", kind="lora", metadata={"base_model": "flux",
                                                                      "trigger_words": ["fox", "snow"]})
    film.publish("film", "old_style", "loras", kind="lora", metadata={"base_model": "sdxl"})
    film.publish("film", "old_style", "loras", kind="lora", metadata={"base_model": "sd1"})  # latest wins
    assert names(listing(film, meta="base_model=sdxl")) == ["loras/hero_style"]
    assert names(listing(film, meta="base_model=sd1")) == ["loras/old_style"]
    assert names(listing(film, meta=["base_model=sdxl", "network_dim=16"])) == ["loras/hero_style"]
    assert names(listing(film, meta=["base_model=sdxl", "network_dim=8"])) == []
    assert names(listing(film, meta="trigger_words=snow")) == ["loras/fox_style"]  # any item of a list
    assert names(listing(film, meta="base_model=SDXL")) == []  # exact values
    response = film.get("/projects/film/assets", params={"meta": "base_model"})
    assert response.status_code == 422 and "KEY=VALUE" in error_of(response)["message"]


def test_every_word_must_match_across_names_comments_and_prompts(film):
    film.publish("film", "gen_0001", "gens", kind="image", comment="first pass",
                 metadata={"prompt": "a red fox in the snow, cinematic lighting", "seed": 1})
    film.publish("film", "gen_0002", "gens", kind="image",
                 metadata={"prompt": "a lighthouse at dusk, oil painting"})
    film.publish("film", "gen_0002", "gens", kind="image", comment="approved framing for the fox sequel",
                 metadata={"prompt": "a lighthouse at dusk"})
    film.publish("film", "villain", "characters", tags=["café"])
    assert names(listing(film, search="red fox")) == ["gens/gen_0001"]
    assert names(listing(film, search="fox snow cinematic")) == ["gens/gen_0001"]
    assert names(listing(film, search="fox")) == ["gens/gen_0001", "gens/gen_0002"]  # gen_0002: its comment
    assert names(listing(film, search="lighthouse oil")) == ["gens/gen_0002"]  # an earlier version's prompt
    assert names(listing(film, search="light")) == ["gens/gen_0001", "gens/gen_0002"]  # word prefixes
    assert names(listing(film, search="fox lighthouse")) == ["gens/gen_0002"]
    assert names(listing(film, search="fox dragon")) == []
    assert names(listing(film, search="first pass")) == ["gens/gen_0001"]
    assert names(listing(film, search="VILL")) == ["characters/villain"]  # substrings of names still match
    assert names(listing(film, search="gen 0002")) == ["gens/gen_0002"]  # gen_0002 is found by its parts
    assert names(listing(film, search="café")) == ["characters/villain"]
    assert names(listing(film, search='"fox" OR *')) == []  # query syntax is text, not operators
    assert names(listing(film, search="lighthouse", meta="seed=1")) == []
    assert names(listing(film, search="fox", meta="seed=1")) == ["gens/gen_0001"]


def test_review_comments_find_their_version_and_an_edit_swaps_the_words(film):
    hero = film.publish("film", "hero", "chars", comment="blocking")
    film.publish("film", "villain", "chars")
    assert names(listing(film, search="flicker")) == []
    posted = film.ok("POST", f"/versions/{hero['id']}/comments", 201, json={"text": "Rim light flickers at 1012"})
    assert names(listing(film, search="flicker rim")) == ["chars/hero"]  # word prefixes, every word
    assert names(listing(film, search="flicker blocking")) == ["chars/hero"]  # with the version's own comment
    film.ok("PATCH", f"/comments/{posted['id']}", json={"text": "the shadow pops on the cut"})
    assert names(listing(film, search="flicker")) == []  # the replaced text no longer finds it
    assert names(listing(film, search="shadow pops")) == ["chars/hero"]
    assert names(listing(film, search="blocking hero")) == ["chars/hero"]  # the rebuild kept the rest
    film.set_status(hero["id"], "rejected", comment="needs another silhouette pass")  # a decision's words too
    assert names(listing(film, search="silhouette")) == ["chars/hero"]
    assert names(listing(film, search="silhouette", status="rejected")) == ["chars/hero"]
