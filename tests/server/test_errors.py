"""Every failure answers the JSON error body, whatever produced it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.testclient import TestClient

from tests.server.factories import auth, error_of


def test_validation_errors_are_invalid_input_with_pydantic_errors(api):
    response = api.post("/projects", json={"code": ""})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert error["detail"]["errors"][0]["loc"] == ["body", "code"]
    assert "code" in error["message"]


def test_routing_errors_are_json(api, client):
    missing = client.get("/api/v1/nowhere")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    wrong_method = api.call("PATCH", "/me")
    assert wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "method_not_allowed"


def test_oversized_json_body_is_413(api, app):
    app.state.settings.max_json_bytes = 1000  # the middleware reads it when the app is built: rebuild
    from brickyard.server.app import create_app
    small = create_app(app.state.settings, prepared=app.state.prepared)
    with TestClient(small) as client:
        token = api.token
        body = {"references": ["brickyard://film/x" + "y" * 100] * 20}
        too_big = client.post("/api/v1/resolve", json=body, headers=auth(token))
        assert too_big.status_code == 413 and error_of(too_big)["code"] == "payload_too_large"
        assert error_of(too_big)["detail"]["limit"] == 1000

        def chunks():  # no Content-Length: counted while read
            for _ in range(20):
                yield b" " * 100
        streamed = client.post("/api/v1/resolve", content=chunks(),
                               headers={**auth(token), "Content-Type": "application/json"})
        assert streamed.status_code == 413
        ok = client.post("/api/v1/resolve", json={"references": []}, headers=auth(token))
        assert ok.status_code == 200


def test_unexpected_errors_are_500_without_internals(app):
    router = APIRouter()

    @router.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error" and "secret" not in error["message"]


def test_openapi_and_docs(client):
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "Brickyard"
    assert "/api/v1/projects/{code}/versions" in schema["paths"]
    assert client.get("/docs").status_code == 200
    assert client.get("/health").json()["status"] == "ok"
