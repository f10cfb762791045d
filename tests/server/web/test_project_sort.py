"""The project page's sort select: the order shown, the choice kept on the next page and in the select."""

from __future__ import annotations

import re


def shown(page) -> list[str]:
    return re.findall(r'<span class="name">([^<]+)</span>', page.text)


def test_sort_select_orders_the_page_and_the_next_page_keeps_it(api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    for i in range(50):  # past one page (48)
        ana.publish("film", f"shot_{i:03d}", "shots", kind="image")
    sam = web("sam")
    newest = sam.get("/p/film?sort=-published")
    assert newest.status_code == 200
    assert shown(newest)[:3] == ["shot_049", "shot_048", "shot_047"]
    assert '<option value="-published" selected>newest published</option>' in newest.text
    following = re.search(r'href="\?([^"]+)" *>Next page|rel="next" href="\?([^"]+)"', newest.text)
    query = (following.group(1) or following.group(2)).replace("&amp;", "&")
    assert "sort=-published" in query
    rest = shown(sam.get("/p/film?" + query))
    assert rest == ["shot_001", "shot_000", "warm_grade"]  # the last 3 of 51, nothing repeated
    assert shown(sam.get("/p/film?sort=name"))[:2] == ["shot_000", "shot_001"]
    wrong = sam.get("/p/film?sort=size")
    assert wrong.status_code == 422 and "sort by one of" in wrong.text
