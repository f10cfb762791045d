"""Lineage: declared inputs become edges both ways; only readable versions are shown."""

from __future__ import annotations

import pytest
from brickyard.server.services.lineage import InputLink, record_inputs
from brickyard.server.tables import VersionInput
from sqlalchemy import select

from tests.server.factories import error_of


@pytest.fixture
def film(api):
    api.project("film")
    return api


def _refs(links):
    return [(link["reference"], link["link"]) for link in links]


def test_declared_inputs_are_answered_in_both_directions(film):
    film.publish("film", "plate")
    plate2 = film.publish("film", "plate")
    grade = film.publish("film", "grade", kind="lut")
    comp = film.publish("film", "comp", inputs=["brickyard://film/plate?version=latest",
                                                "brickyard://film/grade?version=1",
                                                "brickyard://film/plate?version=2"])  # named twice: one edge
    lineage = film.ok("GET", f"/versions/{comp['id']}/lineage")
    assert lineage["reference"] == "brickyard://film/comp?version=1"
    assert _refs(lineage["made_from"]) == [("brickyard://film/grade?version=1", "declared"),
                                           ("brickyard://film/plate?version=2", "declared")]
    assert lineage["used_by"] == []
    used = film.ok("GET", f"/versions/{plate2['id']}/lineage")["used_by"]
    assert _refs(used) == [("brickyard://film/comp?version=1", "declared")]
    assert used[0]["kind"] == "model" and used[0]["status"] == "wip"
    assert film.ok("GET", f"/versions/{grade['id']}/lineage")["used_by"][0]["version_id"] == comp["id"]


def test_links_into_a_project_the_caller_cannot_read_are_hidden(api):
    api.project("film")
    api.project("secret")
    source = api.publish("film", "plate")
    api.publish("secret", "comp", inputs=["brickyard://film/plate?version=1"])
    api.publish("film", "edit", inputs=["brickyard://film/plate?version=1"])
    artist = api.as_user(api.member_token("film", "ana", "artist"))
    seen = artist.ok("GET", f"/versions/{source['id']}/lineage")["used_by"]
    assert _refs(seen) == [("brickyard://film/edit?version=1", "declared")]
    assert len(api.ok("GET", f"/versions/{source['id']}/lineage")["used_by"]) == 2  # the admin sees both
    secret_version = api.ok("GET", "/projects/secret/versions", params={"path": "comp"})["items"][0]
    hidden = artist.get(f"/versions/{secret_version['id']}/lineage")
    assert hidden.status_code == 404 and error_of(hidden)["code"] == "not_found"


def test_record_inputs_keeps_the_first_link_and_never_a_self_edge(film, app):
    plate = film.publish("film", "plate")
    lora = film.publish("film", "style", kind="lora", metadata={"base_model": "sdxl"})
    image = film.publish("film", "still", kind="image", inputs=["brickyard://film/plate?version=1"])
    with app.state.sessions() as db:
        record_inputs(db, image["id"], [InputLink(plate["id"], "hash", "sha256 abc"),
                                        InputLink(lora["id"], "hash", "AutoV2 0123456789"),
                                        InputLink(image["id"], "name", "itself")])
        db.commit()
        edges = db.execute(select(VersionInput.input_version_id, VersionInput.link, VersionInput.evidence)
                           .where(VersionInput.version_id == image["id"])
                           .order_by(VersionInput.input_version_id)).all()
    assert [tuple(e) for e in edges] == [(plate["id"], "declared", ""), (lora["id"], "hash", "AutoV2 0123456789")]
    made_from = film.ok("GET", f"/versions/{image['id']}/lineage")["made_from"]
    assert [(m["asset"], m["link"], m["evidence"]) for m in made_from] == [
        ("plate", "declared", ""), ("style", "hash", "AutoV2 0123456789")]
