"""Sorting the asset browser: by path, name, kind, newest version and last change, both ways, with keyset
pages that neither skip nor repeat an asset (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.server.factories import error_of


def names(page):
    return [a["name"] for a in page["items"]]


def every_page(api, **params):
    """Walk the keyset pages two at a time; each asset once."""
    seen, cursor = [], None
    while True:
        page = api.ok("GET", "/projects/film/assets", params={**params, "limit": 2,
                                                              **({"cursor": cursor} if cursor else {})})
        seen += names(page)
        cursor = page["next_cursor"]
        if not cursor:
            return seen


@pytest.fixture
def film(api):
    api.project("film")
    # published in this order; 'bravo' gets a second version last
    for name, folder, kind in (("delta", "a", "image"), ("alpha", "z", "model"), ("charlie", "m", "lut"),
                               ("bravo", "b", "model"), ("echo", "a", "lut")):
        api.publish("film", name, folder, kind=kind)
    api.publish("film", "bravo", "b", kind="model")
    return api


def test_each_order_both_ways_across_pages(film):
    assert every_page(film) == ["delta", "echo", "bravo", "charlie", "alpha"]  # folder, then name
    assert every_page(film, sort="path") == every_page(film)
    assert every_page(film, sort="-path") == ["alpha", "charlie", "bravo", "echo", "delta"]
    assert every_page(film, sort="name") == ["alpha", "bravo", "charlie", "delta", "echo"]
    assert every_page(film, sort="-name") == ["echo", "delta", "charlie", "bravo", "alpha"]
    assert every_page(film, sort="kind") == ["delta", "echo", "charlie", "bravo", "alpha"]  # image, lut, model
    assert every_page(film, sort="-kind") == ["alpha", "bravo", "charlie", "echo", "delta"]
    assert every_page(film, sort="-published") == ["bravo", "echo", "charlie", "alpha", "delta"]
    assert every_page(film, sort="published") == ["delta", "alpha", "charlie", "echo", "bravo"]


def test_updated_follows_status_changes_and_items_carry_their_times(film):
    delta = film.ok("GET", "/projects/film/versions", params={"path": "a/delta"})["items"][0]
    film.set_status(delta["id"], "approved")
    assert every_page(film, sort="-updated")[:2] == ["delta", "bravo"]
    assert every_page(film, sort="-published")[:2] == ["bravo", "echo"]  # a status change publishes nothing
    [item] = film.ok("GET", "/projects/film/assets", params={"search": "delta"})["items"]
    assert item["updated_at"] > item["published_at"]
    film.publish("film", "echo", "a", kind="lut")
    film.set_status(delta["id"], "approved", comment="still good")  # words alone change no status
    assert every_page(film, sort="-updated")[:3] == ["echo", "delta", "bravo"]


def test_sort_combines_with_filters(film):
    assert every_page(film, kind="model", sort="-published") == ["bravo", "alpha"]
    assert every_page(film, folder="a", sort="-name") == ["echo", "delta"]


def test_bad_sort_and_a_cursor_of_another_sort_are_refused(film):
    bad = film.get("/projects/film/assets", params={"sort": "size"})
    assert bad.status_code == 422
    page = film.ok("GET", "/projects/film/assets", params={"sort": "-published", "limit": 2})
    other = film.get("/projects/film/assets", params={"sort": "name", "cursor": page["next_cursor"]})
    assert other.status_code == 422 and "this sort" in error_of(other)["message"]
    same = film.ok("GET", "/projects/film/assets", params={"sort": "-published", "limit": 2,
                                                           "cursor": page["next_cursor"]})
    assert names(same) == ["charlie", "alpha"]
