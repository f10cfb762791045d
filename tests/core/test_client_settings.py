"""Changing things after they were made, through the client, on SQLite and PostgreSQL: project settings,
asset moves (old names keep resolving), the status note, user list and signing out."""

from __future__ import annotations

import pytest

from brickyard.core.errors import AuthenticationFailed, Conflict, NotFound, PermissionDenied
from brickyard.core.models import KindSpec, NamingRules


def test_project_settings_change_and_guard_kinds_in_use(any_db_studio, tmp_path):
    admin, ana = any_db_studio.client("admin"), any_db_studio.client("ana")
    (tmp_path / "a.cube").write_text("lut")
    ana.publish("film", "warm_grade", "lut", [tmp_path / "a.cube"])
    project = admin.update_project("film", name="The Film II",
                                   kinds=[KindSpec(name="lut"), KindSpec(name="hdri", required_metadata=["space"])])
    assert project.name == "The Film II" and [k.name for k in project.kinds] == ["lut", "hdri"]
    with pytest.raises(Conflict, match="lut"):
        admin.update_project("film", kinds=[KindSpec(name="hdri")])
    with pytest.raises(PermissionDenied, match="changing the project's settings"):
        ana.update_project("film", name="mine")
    admin.update_project("film", naming=NamingRules(name_pattern="[A-Z][a-z]+", description="Capitalised"))
    ana.publish("film", "Grade", "lut", [tmp_path / "a.cube"])
    assert ana.project("film").naming.description == "Capitalised"
    assert [e.type for e in admin.events("film")][-3:] == ["project_updated", "project_updated", "published"]


def test_a_moved_asset_keeps_its_versions_and_answers_to_its_old_name(any_db_studio, tmp_path):
    ana, sam = any_db_studio.client("ana"), any_db_studio.client("sam")
    (tmp_path / "a.cube").write_text("lut")
    first = ana.publish("film", "warm_grde", "lut", [tmp_path / "a.cube"], folder="looks")
    with pytest.raises(PermissionDenied):
        ana.move_asset("film", "looks/warm_grde", folder="looks", name="warm_grade")
    moved = sam.move_asset("film", "looks/warm_grde", folder="grades", name="warm_grade")
    assert (moved.id, moved.folder, moved.name, moved.latest_version) == (first.asset_id, "grades", "warm_grade", 1)
    [old] = sam.resolve(["brickyard://film/looks/warm_grde?version=1"])
    assert old.version.id == first.id and old.version.reference == "brickyard://film/grades/warm_grade?version=1"
    assert [v.id for v in sam.versions("brickyard://film/looks/warm_grde")] == [first.id]
    second = ana.publish("film", "warm_grade", "lut", [tmp_path / "a.cube"], folder="grades")
    assert (second.asset_id, second.number) == (first.asset_id, 2)
    ana.publish("film", "other", "lut", [tmp_path / "a.cube"], folder="grades")
    with pytest.raises(Conflict, match="exists already"):
        sam.move_asset("film", "grades/warm_grade", folder="grades", name="other")
    sam.move_asset("film", "grades/warm_grade", folder="looks", name="warm_grde")  # back to its first name
    assert sam.resolve(["brickyard://film/grades/warm_grade?version=2"])[0].version.id == second.id
    assert sam.resolve(["brickyard://film/looks/warm_grde?version=2"])[0].version.reference == \
        "brickyard://film/looks/warm_grde?version=2"
    with pytest.raises(NotFound):
        sam.move_asset("film", "nothing/here", folder="x", name="y")


def test_status_note_users_and_sign_out(any_db_studio, tmp_path):
    admin, ana, sam = (any_db_studio.client(n) for n in ("admin", "ana", "sam"))
    (tmp_path / "a.cube").write_text("lut")
    version = ana.publish("film", "grade", "lut", [tmp_path / "a.cube"], status="review")
    rejected = sam.set_status(version.reference, "rejected", "too warm")
    assert rejected.status_comment == "too warm"
    assert ana.versions(version.reference)[0].status_comment == "too warm"
    assert [u.name for u in admin.users()] == ["admin", "ana", "sam", "vic"]
    with pytest.raises(PermissionDenied):
        ana.users()
    ana.sign_out()
    with pytest.raises(AuthenticationFailed, match="revoked"):
        ana.whoami()
