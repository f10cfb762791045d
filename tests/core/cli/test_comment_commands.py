"""``brickyard comments`` / ``comment`` (add and edit with history), ``ls --sort``, and the Client's
comment methods, as a user runs them against a real server."""

from __future__ import annotations

import json

from brickyard.core import Client
from brickyard.core.errors import PermissionDenied

from tests.support.cli import assert_clean_failure, run_cli


def test_comment_list_edit_and_the_errors(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        ana = admin.create_user("ana").token
        admin.add_member("film", "ana", "artist")
        (tmp_path / "hero.glb").write_bytes(b"hero")
        admin.publish("film", "hero", "model", [tmp_path / "hero.glb"], folder="chars")

    def cli(*args, token=sqlite_server.admin_token):
        return run_cli(*args, url=sqlite_server.url, token=token, cwd=tmp_path)

    empty = cli("comments", "film/chars/hero")
    assert empty.code == 0 and "no comments yet" in empty.out
    added = cli("comment", "film/chars/hero", "rim light flickers at 1012")
    assert added.code == 0, added.err
    assert "added to brickyard://film/chars/hero?version=1" in added.out
    [first] = json.loads(cli("comments", "film/chars/hero?version=1", "--json").out)
    assert (first["author"], first["text"], first["history"]) == ("admin", "rim light flickers at 1012", [])
    edited = cli("comment", "--edit", str(first["id"]), "rim light flickers at 1012-1015", "--json")
    assert edited.code == 0, edited.err
    assert [h["text"] for h in json.loads(edited.out)["history"]] == ["rim light flickers at 1012"]
    listed = cli("comments", "film/chars/hero")
    assert "rim light flickers at 1012-1015 (edited)" in listed.out
    # someone else's comment, a missing version, nothing to say, both forms at once: one clear line each
    assert_clean_failure(cli("comment", "--edit", str(first["id"]), "mine now", token=ana), "only its author")
    assert_clean_failure(cli("comment", "film/chars/villain", "hello"), "villain")
    assert_clean_failure(cli("comment", "film/chars/hero", "   "), "empty")
    assert_clean_failure(cli("comment", "film/chars/hero", "x", "--edit", "1"), "--edit")
    assert_clean_failure(cli("comment", "--edit", "999999", "x"), "999999")
    with Client(sqlite_server.url, ana) as client:  # the same through the library
        posted = client.comment("brickyard://film/chars/hero", "from ana")
        assert [c.text for c in client.comments("brickyard://film/chars/hero?version=1")][-1] == "from ana"
        assert client.edit_comment(posted.id, "from ana, later").history[0].text == "from ana"
        try:
            client.edit_comment(first["id"], "not mine")
            raise AssertionError("edited someone else's comment")
        except PermissionDenied as exc:
            assert "only its author" in exc.message
    pinned = cli("comment", "film/chars/hero", "pop at the cut", "--frame", "1800", "--json")
    assert pinned.code == 0, pinned.err
    assert (json.loads(pinned.out)["frame"], json.loads(pinned.out)["frame_end"]) == (1800, None)
    ranged = json.loads(cli("comment", "film/chars/hero", "flicker", "--frame", "30-42", "--json").out)
    assert (ranged["frame"], ranged["frame_end"]) == (30, 42)
    assert "30-42" in cli("comments", "film/chars/hero").out
    assert_clean_failure(cli("comment", "film/chars/hero", "x", "--frame", "ten"), "--frame")
    assert_clean_failure(cli("comment", "film/chars/hero", "x", "--frame", "9-3"), "range")
    assert_clean_failure(cli("comment", "--edit", "1", "x", "--frame", "3"), "--frame")
    # the comment's words find the asset
    found = cli("ls", "--search", "flickers", "--json")
    assert [a["name"] for a in json.loads(found.out)] == ["hero"]


def test_ls_sort(sqlite_server, tmp_path):
    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        for name, folder in (("bravo", "z"), ("alpha", "y"), ("charlie", "x")):
            (tmp_path / f"{name}.glb").write_bytes(name.encode())
            admin.publish("film", name, "model", [tmp_path / f"{name}.glb"], folder=folder)

    def order(*args):
        result = run_cli("ls", "--project", "film", "--json", *args, url=sqlite_server.url,
                         token=sqlite_server.admin_token, cwd=tmp_path)
        assert result.code == 0, result.err
        return [a["name"] for a in json.loads(result.out)]

    assert order() == ["charlie", "alpha", "bravo"]  # folder x, y, z
    assert order("--sort", "name") == ["alpha", "bravo", "charlie"]
    assert order("--sort", "name", "--desc") == ["charlie", "bravo", "alpha"]
    assert order("--sort=-published") == ["charlie", "alpha", "bravo"]
    assert order("--sort", "-published") == ["charlie", "alpha", "bravo"]  # the reversed order, spaced
    assert order("--sort", "published") == ["bravo", "alpha", "charlie"]
    assert order("--desc") == ["bravo", "alpha", "charlie"]
    wrong = run_cli("ls", "--sort", "size", url=sqlite_server.url, token=sqlite_server.admin_token, cwd=tmp_path)
    assert wrong.code == 2 and "published" in wrong.err and "Traceback" not in wrong.err


def test_annotations_lists_drawings_and_saves_their_pictures(sqlite_server, tmp_path):
    from PIL import Image

    with Client(sqlite_server.url, sqlite_server.admin_token) as admin:
        admin.create_project("film")
        (tmp_path / "hero.glb").write_bytes(b"hero")
        admin.publish("film", "hero", "model", [tmp_path / "hero.glb"], folder="chars")
        drawn = admin.draw("brickyard://film/chars/hero", "raise the shoulder", 12, [
            {"id": "r", "kind": "rect", "color": "#ff0000", "width": 0.03, "points": [[0.2, 0.2], [0.8, 0.8]]}])

    def cli(*args):
        return run_cli(*args, url=sqlite_server.url, token=sqlite_server.admin_token, cwd=tmp_path)

    listed = cli("annotations", "film/chars/hero", "--to", str(tmp_path / "out"))
    assert listed.code == 0, listed.err
    assert "raise the shoulder" in listed.out and "saved 1 picture(s)" in listed.out
    saved = tmp_path / "out" / f"annotation-{drawn.id}-frame-12.png"
    picture = Image.open(saved).convert("RGB")
    assert picture.size == (512, 288)
    r, g, _ = picture.getpixel((round(0.2 * 512) + 3, 144))  # inside the outline, which is drawn inward
    assert r > 180 and g < 90  # the rectangle's red edge, drawn by the server
    assert [p.name for p in (tmp_path / "out").iterdir()] == [saved.name]  # nothing half-written beside it
    (tmp_path / "afile").write_text("x")
    assert_clean_failure(cli("annotations", "film/chars/hero", "--to", str(tmp_path / "afile")), "is a file")
    assert_clean_failure(cli("annotations", "film/chars/villain"), "villain")
