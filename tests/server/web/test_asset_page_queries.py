"""The asset page costs the same number of queries whether the asset has 2 versions or 40."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counted(engine):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_asset_page_queries_do_not_grow_with_versions(app, api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    for name, count in (("small", 2), ("big", 40)):
        for number in range(count):
            version = ana.publish("film", name, "props", kind="model", comment=f"pass {number}")
            ana.ok("POST", f"/versions/{version['id']}/comments", 201, json={"text": f"note on {number}"})
    sam = web("sam")
    counts = {}
    for name in ("small", "big"):
        sam.get(f"/p/film/asset/props/{name}")  # warm up
        with counted(app.state.engine) as statements:
            response = sam.get(f"/p/film/asset/props/{name}?compare=1")
        assert response.status_code == 200
        counts[name] = len(statements)
    assert counts["small"] == counts["big"], counts
    assert counts["big"] <= 15, counts  # one of them finds the comments that carry a drawing


def test_project_page_queries_do_not_grow_with_assets(app, api, web, team):
    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    sam = web("sam")
    counts = []
    for batch in range(2):
        for number in range(15 * batch + 3):
            ana.publish("film", f"prop_{batch}_{number}", "props", kind="model")
        sam.get("/p/film")
        with counted(app.state.engine) as statements:
            assert sam.get("/p/film").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
