"""The hostile-input corpus (tests/support/hostile.py) against a real server on SQLite and PostgreSQL:
every case answers 4xx with the JSON error body (or, for ``/resolve``, an error per reference) and
stores nothing."""

from __future__ import annotations

import pytest
import requests

from tests.support.hostile import Case, corpus, encode_body
from tests.support.hostile_target import Target, hostile_target  # noqa: F401, F811  (the fixture)


def check_refused(response: requests.Response, case: Case) -> None:
    if case.path == "/resolve" and response.status_code == 200:
        items = response.json()["items"]  # one bad reference never fails the others: each says why
        assert items and all(i["error"] and i["error"]["code"] and i["error"]["message"] for i in items), items
        return
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    if case.method == "HEAD":
        return  # a HEAD answer has no body
    error = response.json()["error"]
    assert error["code"] and error["message"], error


@pytest.mark.slow
@pytest.mark.parametrize("case", corpus(), ids=lambda case: case.id)
def test_hostile_input_is_refused_and_nothing_is_stored(hostile_target: Target, case: Case):  # noqa: F811
    target = hostile_target
    before, log_before = target.counts(), len(target.server.log())
    content, body = encode_body(case, target.manifest)
    headers = dict(case.headers)
    if content is not None and case.body is not None:
        headers["Content-Type"] = "application/json"
    response = target.call(case.method, case.path, target.tokens[case.as_user], params=case.params,
                           headers=headers, data=content, json=body)
    check_refused(response, case)
    assert target.counts() == before
    assert "Traceback" not in target.server.log()[log_before:]
