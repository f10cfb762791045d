"""Projects, members and the role guards on them."""

from __future__ import annotations

from tests.server.factories import error_of


def test_create_project_makes_creator_admin_and_refuses_duplicates(api):
    project = api.project("film", name="The Film")
    assert project["code"] == "film" and project["name"] == "The Film" and project["role"] == "admin"
    assert any(k["name"] == "lora" and k["required_metadata"] == ["base_model"] for k in project["kinds"])
    assert api.ok("GET", "/projects/film/members") == [{"user": "admin", "role": "admin"}]
    duplicate = api.post("/projects", json={"code": "film"})
    assert duplicate.status_code == 409 and error_of(duplicate)["detail"] == {"project": "film"}
    bad = api.post("/projects", json={"code": "Bad Code"})
    assert bad.status_code == 422 and error_of(bad)["detail"]["rule"] == "project_code"
    escape = api.post("/projects", json={"code": "x", "naming": {"file_template": "../{asset}.{ext}"}})
    assert escape.status_code == 422 and error_of(escape)["code"] == "naming_violation"


def test_non_members_get_404_and_low_roles_get_403(api):
    api.project("film")
    api.project("secret")
    viewer = api.member_token("film", "vic", "viewer")
    as_viewer = api.as_user(viewer)
    assert [p["code"] for p in as_viewer.ok("GET", "/projects")] == ["film"]
    assert as_viewer.ok("GET", "/projects/film")["role"] == "viewer"
    hidden = as_viewer.get("/projects/secret")
    assert hidden.status_code == 404 and "secret" in error_of(hidden)["message"]
    assert as_viewer.get("/projects/nope").status_code == 404
    denied = as_viewer.put("/projects/film/members", json={"user": "vic", "role": "admin"})
    assert denied.status_code == 403
    assert error_of(denied)["detail"] == {"project": "film", "needed": "admin", "role": "viewer"}
    assert as_viewer.post("/projects", json={"code": "mine"}).status_code == 403


def test_project_admin_manages_members(api):
    api.project("film")
    api.user("ana")
    lead = api.member_token("film", "lead", "admin")
    as_lead = api.as_user(lead)
    assert as_lead.ok("PUT", "/projects/film/members", json={"user": "ana", "role": "artist"}) == {
        "user": "ana", "role": "artist"}
    as_lead.ok("PUT", "/projects/film/members", json={"user": "ana", "role": "supervisor"})
    members = {m["user"]: m["role"] for m in as_lead.ok("GET", "/projects/film/members")}
    assert members == {"admin": "admin", "ana": "supervisor", "lead": "admin"}
    assert as_lead.put("/projects/film/members", json={"user": "ghost", "role": "viewer"}).status_code == 404
    as_lead.ok("DELETE", "/projects/film/members/ana", 204)
    assert as_lead.call("DELETE", "/projects/film/members/ana").status_code == 404
    types = [e["type"] for e in api.ok("GET", "/projects/film/events")]
    assert types == ["project_created", "member_added", "member_added", "member_added", "member_removed"]


def test_the_last_project_admin_cannot_be_removed(api):
    api.project("film")
    removed = api.call("DELETE", "/projects/film/members/admin")
    assert removed.status_code == 409 and "last admin" in error_of(removed)["message"]
    demoted = api.put("/projects/film/members", json={"user": "admin", "role": "viewer"})
    assert demoted.status_code == 409
