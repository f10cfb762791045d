"""``POST /resolve``: what each reference means, per-item errors, and a fixed number of queries."""

from __future__ import annotations

import pytest
from brickyard.server.tables import Asset, Blob, File, Representation, Version
from sqlalchemy import event


@pytest.fixture
def film(api):
    api.project("film")
    api.project("secret")
    v1 = api.publish("film", "hero", folder="chars")
    v2 = api.publish("film", "hero", folder="chars")
    v3 = api.publish("film", "hero", folder="chars")
    api.set_status(v1["id"], "approved")
    api.set_status(v2["id"], "approved")
    api.set_status(v3["id"], "deprecated")
    api.publish("film", "sketch")
    api.publish("secret", "plan")
    return api


def resolve_all(api, references):
    return api.ok("POST", "/resolve", json={"references": references})["items"]


def test_latest_approved_number_and_representation(film):
    refs = ["brickyard://film/chars/hero?version=latest", "brickyard://film/chars/hero?version=approved",
            "brickyard://film/chars/hero?version=3", "brickyard://film/chars/hero?version=1&representation=glb",
            "brickyard://film/sketch"]
    items = resolve_all(film, refs)
    assert [i["reference"] for i in items] == refs  # in order
    assert all(i["error"] is None for i in items), items
    # latest skips the deprecated v3; approved is the highest approved
    assert [i["version"]["number"] for i in items] == [2, 2, 3, 1, 1]
    assert all((i["latest"], i["latest_approved"]) == (2, 2) for i in items[:4])
    assert items[2]["version"]["status"] == "deprecated"
    assert [r["name"] for r in items[3]["version"]["representations"]] == ["glb"]
    assert items[3]["version"]["representations"][0]["files"][0]["path"] == "hero.glb"
    assert (items[4]["latest"], items[4]["latest_approved"]) == (1, None)


def test_per_item_errors_leave_the_others_answered(film):
    outsider = film.as_user(film.member_token("film", "vic", "viewer"))
    refs = ["not a reference", "brickyard://nope/x", "brickyard://secret/plan", "brickyard://film/ghost",
            "brickyard://film/sketch?version=approved", "brickyard://film/sketch?version=9",
            "brickyard://film/sketch?version=1&representation=usd", "brickyard://film/sketch"]
    items = resolve_all(outsider, refs)
    codes = [i["error"]["code"] if i["error"] else None for i in items]
    assert codes == ["invalid_input", "not_found", "not_found", "not_found", "not_found", "not_found",
                     "not_found", None]
    assert "no approved version yet; ask a supervisor to approve one, or ask for version=latest" in \
        items[4]["error"]["message"]
    assert items[4]["latest"] == 1  # where the asset stands is still answered
    assert "usd" in items[6]["error"]["message"]
    assert items[7]["version"]["number"] == 1
    # the server admin sees every project
    assert resolve_all(film, ["brickyard://secret/plan"])[0]["version"]["number"] == 1


def test_resolve_refuses_more_than_10000_references(film):
    response = film.post("/resolve", json={"references": ["brickyard://film/sketch"] * 10001})
    assert response.status_code == 422


def _seed(app, count: int) -> list[str]:
    """``count`` assets with two versions each (v1 approved), inserted in bulk for speed."""
    with app.state.sessions() as db:
        db.add(Blob(sha256="0" * 64, size=1))
        assets = [Asset(project_id=1, folder=f"f{i % 10}", name=f"a{i}", kind="model", tags=[], meta={},
                        latest_number=2) for i in range(count)]
        db.add_all(assets)
        db.flush()
        versions = [Version(asset_id=a.id, number=n, status="approved" if n == 1 else "wip", author_id=1,
                            comment="", meta={}, inputs=[]) for a in assets for n in (1, 2)]
        db.add_all(versions)
        db.flush()
        reps = [Representation(version_id=v.id, name="glb") for v in versions]
        db.add_all(reps)
        db.flush()
        db.add_all(File(representation_id=r.id, path="a.glb", size=1, sha256="0" * 64) for r in reps)
        db.commit()
    kinds = ["latest", "approved", "1"]
    return [f"brickyard://film/f{i % 10}/a{i}?version={kinds[i % 3]}" for i in range(count)]


def test_thousand_references_take_a_bounded_number_of_queries(api, app):
    api.project("film")
    refs = _seed(app, 1000)
    statements: list[str] = []
    def listen(*args):
        statements.append(args[2])
    event.listen(app.state.engine, "before_cursor_execute", listen)
    try:
        items = resolve_all(api, refs)
    finally:
        event.remove(app.state.engine, "before_cursor_execute", listen)
    assert len(items) == 1000 and all(i["error"] is None for i in items)
    assert [i["version"]["number"] for i in items[:3]] == [2, 1, 1]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 10, selects  # token, projects, roles, 2×assets, 2×versions, 2×files

