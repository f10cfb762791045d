"""Driver-level inserts store what SQLAlchemy's own insert would, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from brickyard.server.db import make_session_factory, write_transaction
from brickyard.server.services.access import as_utc
from brickyard.server.services.batching import insert_dicts, insert_with_ids
from brickyard.server.tables import Project, User
from sqlalchemy import insert, select, text


def _session(app):
    return make_session_factory(app.state.engine)()


def test_new_ids_come_in_the_rows_order_and_later_inserts_do_not_collide_with_them(app, client):
    with _session(app) as db:
        with write_transaction(db):
            first = insert_with_ids(db, User.__table__, [{"name": f"artist{n}"} for n in range(3)])
        with write_transaction(db):
            second = insert_with_ids(db, User.__table__, [{"name": f"editor{n}"} for n in range(2)])
            later = db.scalar(insert(User.__table__).values(name="by_core").returning(User.__table__.c.id))
        names = dict(db.execute(select(User.id, User.name)).all())
    assert first == sorted(first) and second == sorted(second) and min(second) > max(first)
    assert later not in first + second  # PostgreSQL's sequence moved past the ids handed out
    assert [names[i] for i in first + second] == ["artist0", "artist1", "artist2", "editor0", "editor1"]


def test_defaults_are_filled_and_values_stored_as_sqlalchemys_insert_stores_them(app, client):
    naming = {"pattern": "{asset}_v{version:03d}", "note": "café ☕"}
    before = datetime.now(timezone.utc)
    with _session(app) as db:
        with write_transaction(db):
            insert_dicts(db, User.__table__, [{"name": "driver"}])
            db.execute(insert(User.__table__).values(name="core"))
            insert_dicts(db, Project.__table__, [{"code": "driver", "naming": naming, "kinds": [{"name": "lora"}]}])
            db.execute(insert(Project.__table__).values(code="core", naming=naming, kinds=[{"name": "lora"}]))
        users = {u.name: u for u in db.scalars(select(User))}
        projects = {p.code: p for p in db.scalars(select(Project))}
        raw = {code: stored for code, stored in db.execute(text("SELECT code, naming FROM projects"))}
        raw_times = {name: stored for name, stored in db.execute(text("SELECT name, created_at FROM users"))}
    assert users["driver"].is_admin is False
    assert before - timedelta(seconds=1) <= as_utc(users["driver"].created_at) <= datetime.now(timezone.utc)
    assert type(raw_times["driver"]) is type(raw_times["core"])  # the same stored form of a time
    assert projects["driver"].naming == naming and projects["driver"].kinds == [{"name": "lora"}]
    assert projects["driver"].name == ""  # the column's scalar default
    assert raw["driver"] == raw["core"]  # the same JSON text (non-ASCII kept readable) or the same jsonb
