"""Events: the list, and the live stream through a real server."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests

from tests.server.factories import Api, error_of


def test_events_list_after_and_limit(api):
    api.project("film")
    for _ in range(3):
        api.publish("film", "hero")
    events = api.ok("GET", "/projects/film/events")
    assert [e["type"] for e in events] == ["project_created", "published", "published", "published"]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids)
    later = api.ok("GET", "/projects/film/events", params={"after": ids[1], "limit": 1})
    assert [e["id"] for e in later] == [ids[2]]
    outsider = api.as_user(api.user("out"))
    assert outsider.get("/projects/film/events").status_code == 404


def read_events(response, wanted: int, into: list) -> None:
    """Collect (id, event, data) from an SSE response until ``wanted`` events arrived."""
    fields: dict[str, str] = {}
    for line in response.iter_lines(decode_unicode=True):
        if line:
            if not line.startswith(":"):
                key, _, value = line.partition(": ")
                fields[key] = value
            continue
        if "event" in fields:
            into.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
            if len(into) >= wanted:
                return
        fields = {}


@pytest.mark.slow
def test_stream_delivers_published_events_and_resumes_after_last_event_id(server):
    api = Api(requests.Session(), server.admin_token, base=server.url)
    api.project("film")
    denied = requests.get(server.url + "/api/v1/events/stream", params={"project": "film"})
    assert denied.status_code == 401 and error_of(denied)["code"] == "unauthenticated"

    received: list = []
    with requests.get(server.url + "/api/v1/events/stream", params={"project": "film"},
                      headers={"Authorization": f"Bearer {server.admin_token}"}, stream=True,
                      timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        reader = threading.Thread(target=read_events, args=(response, 2, received), daemon=True)
        reader.start()
        time.sleep(0.3)  # subscribed before publishing: only new events come
        first = api.publish("film", "hero")
        second = api.publish("film", "hero")
        reader.join(timeout=15)
    assert [(kind, data["data"]["version_id"]) for _, kind, data in received] == [
        ("published", first["id"]), ("published", second["id"])]

    # resume: everything after the first event id it saw
    resumed: list = []
    with requests.get(server.url + "/api/v1/events/stream", params={"project": "film"},
                      headers={"Authorization": f"Bearer {server.admin_token}",
                               "Last-Event-ID": str(received[0][0])}, stream=True, timeout=30) as response:
        read_events(response, 1, resumed)
    assert resumed[0][0] == received[1][0]
