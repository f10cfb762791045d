"""The summary of a live review session: per playlist item, the decisions and notes posted between its start
and its end (SQLite and PostgreSQL), as JSON, as a page linked from the playlist once it has ended."""

from __future__ import annotations

from tests.server.factories import error_of


def test_summary_holds_the_decisions_and_notes_of_the_session_only(api, web, team):
    tokens, versions = team
    ana_api, sam_api = api.as_user(tokens["ana"]), api.as_user(tokens["sam"])
    one, two = (ana_api.publish("film", name, "shots", kind="model", status="review")["id"]
                for name in ("sh010", "sh020"))
    made = sam_api.ok("POST", "/projects/film/playlists", 201, json={"name": "dailies", "versions": [one, two]})
    base = f"/p/film/playlist/{made['id']}"
    sam, ana = web("sam"), web("ana")
    sam_api.ok("POST", f"/versions/{one}/comments", 201, json={"text": "before the session"})

    assert sam.post(f"{base}/live/start", {}).status_code == 303
    sam_api.ok("POST", f"/versions/{one}/comments", 201, json={"text": "too dark at the door", "frame": 12})
    sam_api.ok("POST", f"/versions/{one}/status", json={"status": "approved", "comment": "fine once graded"})
    ana_api.ok("POST", f"/versions/{two}/comments", 201, json={"text": "the cloth pops at 40"})
    sam_api.ok("POST", f"/versions/{two}/status", json={"status": "wip", "comment": "more contrast"})
    sam_api.ok("POST", f"/versions/{two}/status", json={"status": "rejected", "comment": "wrong plate"})
    sam_api.ok("POST", f"/versions/{versions['film']['id']}/comments", 201,
               json={"text": "not in this playlist"})
    assert ana.post(f"{base}/live/end", {}).status_code == 403  # only the driver (or an admin) ends it
    assert sam.post(f"{base}/live/end", {}).status_code == 303
    sam_api.ok("POST", f"/versions/{one}/comments", 201, json={"text": "after the session"})

    ended = [e for e in sam_api.ok("GET", "/projects/film/events") if e["type"] == "live.ended"]
    session = ended[-1]["data"]["session_id"]
    summary = api.as_user(tokens["vic"]).ok("GET", f"/projects/film/playlists/{made['id']}/sessions/{session}")
    assert summary["driver"] == "sam" and summary["ended_by"] == "sam" and summary["ended_at"]
    assert summary["started_at"] <= summary["ended_at"]
    first, second = summary["items"]
    assert (first["version_id"], second["version_id"]) == (one, two)
    assert first["version"] == "shots/sh010 v001"
    assert first["decisions"] == ["approved"]
    assert [(n["user"], n["text"], n["decision"], n["frame"]) for n in first["notes"]] == [
        ("sam", "too dark at the door", None, 12), ("sam", "fine once graded", "approved", None)]
    assert second["decisions"] == ["changes requested", "rejected"]
    assert [(n["user"], n["text"], n["decision"]) for n in second["notes"]] == [
        ("ana", "the cloth pops at 40", None), ("sam", "more contrast", "changes requested"),
        ("sam", "wrong plate", "rejected")]
    assert all(n["at"] for n in first["notes"] + second["notes"])

    # the playlist links it once the session has ended; the page shows the same
    assert f'href="{base}/sessions/{session}"' in sam.get(base).text
    page = ana.get(f"{base}/sessions/{session}").text
    for text in ("too dark at the door", "[approved]", "wrong plate", "[changes requested]", "cloth pops"):
        assert text in page
    for text in ("before the session", "after the session", "not in this playlist"):
        assert text not in page

    # a session id that is not one of this playlist's sessions; another project's member
    missing = sam_api.call("GET", f"/projects/film/playlists/{made['id']}/sessions/{session + 1}")
    assert missing.status_code == 404 and "no live session" in error_of(missing)["message"]
    olga = api.as_user(tokens["olga"]).call("GET", f"/projects/film/playlists/{made['id']}/sessions/{session}")
    assert olga.status_code == 404


def test_a_restart_by_the_driver_continues_the_session_and_a_running_one_has_no_end(api, web, team):
    tokens, _ = team
    sam_api = api.as_user(tokens["sam"])
    one = api.as_user(tokens["ana"]).publish("film", "sh010", "shots", kind="model")["id"]
    made = sam_api.ok("POST", "/projects/film/playlists", 201, json={"name": "live", "versions": [one]})
    base = f"/p/film/playlist/{made['id']}"
    sam = web("sam")
    assert sam.post(f"{base}/live/start", {}).status_code == 303
    sam_api.ok("POST", f"/versions/{one}/comments", 201, json={"text": "first note"})
    assert sam.post(f"{base}/live/start", {}).status_code == 303  # the driver reloads and starts again
    sam_api.ok("POST", f"/versions/{one}/comments", 201, json={"text": "second note"})
    started = [e["id"] for e in sam_api.ok("GET", "/projects/film/events") if e["type"] == "live.started"]
    running = sam_api.ok("GET", f"/projects/film/playlists/{made['id']}/sessions/{started[0]}")
    assert running["ended_at"] is None
    assert [n["text"] for n in running["items"][0]["notes"]] == ["first note", "second note"]
    assert sam_api.call("GET", f"/projects/film/playlists/{made['id']}/sessions/{started[1]}").status_code == 404
    assert 'data-testid="session-summary"' not in sam.get(base).text  # linked once it has ended
