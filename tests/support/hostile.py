"""The hostile-input corpus: requests a careless or malicious user could send, each of which must be
refused with a 4xx and the JSON error body, storing nothing.

Built from a few families (every integer field at the database's edges and in foreign digits, every
string at its limit + 1 and with NUL, controls, bidi marks and homoglyphs, every path form), so a new
field joins the corpus by adding one line here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from brickyard.core import limits

SHA = "ab" * 32  # a valid-looking sha256 nobody uploaded


@dataclass
class Case:
    id: str
    method: str
    path: str
    as_user: str = "ana"  # ana: artist in film; vic: viewer; admin: server admin
    json: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    body: Callable[[dict], dict] | None = None  # mutates a valid publish manifest into a hostile one


# Integers: past INTEGER, past BIGINT, negative, fractional, exponent, non-ASCII digits.
BAD_INTS: dict[str, Any] = {
    "2e31": 2**31, "2e63": 2**63, "1e21": 10**21, "neg": -1, "neg_huge": -(2**63) - 1, "float": 1.5,
    "exp": "1e30", "superscript": "²", "arabic_indic": "١٢", "fullwidth": "１", "nan": "NaN", "blank": " ",
}
BAD_PATH_INTS = {k: v for k, v in BAD_INTS.items() if k not in ("blank",)}

# Strings that no name, code, tag or path may hold.
NAME_ATTACKS: dict[str, str] = {
    "nul": "he\x00ro", "newline": "he\nro", "cr": "he\rro", "escape": "he\x1bro", "tab": "he\tro",
    "del": "he\x7fro", "rtl_override": "he\u202eor", "rtl_mark": "he\u200fro", "line_sep": "he\u2028ro",
    "homoglyph_cyrillic": "hеro", "homoglyph_greek": "ηero", "fullwidth": "ｈｅｒｏ", "upper": "Hero",
    "dotdot": "..", "slash": "he/ro", "backslash": "he\\ro", "space": "he ro", "empty": "",
}

PATH_ATTACKS: dict[str, str] = {
    "absolute": "/etc/passwd", "parent": "../x.glb", "inner_parent": "a/../b.glb", "dot": "./a.glb",
    "trailing_dot": "a/.", "double_slash": "a//b.glb", "drive": "C:x.glb", "backslash": "a\\b.glb",
    "empty": "", "nul": "a\x00.glb", "newline": "a\n.glb", "escape": "a\x1b[31m.glb", "cr": "a\r.glb",
    "tab": "a\t.glb", "rtl_override": "evil\u202egnp.glb", "part_256_bytes": "a" * 252 + ".glb",
    "part_256_utf8": "é" * 127 + ".glb", "too_long": "a/" * 512 + "b.glb", "trailing_slash": "a/",
}


def _publish(mutate: Callable[[dict], None]) -> Callable[[dict], dict]:
    def apply(manifest: dict) -> dict:
        body = deepcopy(manifest)
        mutate(body)
        return body
    return apply


def _set(key: str, value: Any) -> Callable[[dict], dict]:
    return _publish(lambda body: body.__setitem__(key, value))


def _file(key: str, value: Any) -> Callable[[dict], dict]:
    return _publish(lambda body: body["representations"][0]["files"][0].__setitem__(key, value))


def _rep(key: str, value: Any) -> Callable[[dict], dict]:
    return _publish(lambda body: body["representations"][0].__setitem__(key, value))


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def _cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode() if not isinstance(payload, bytes)
                                    else payload).decode()


def integer_cases() -> list[Case]:
    cases = []
    for name, value in BAD_PATH_INTS.items():
        cases += [Case(f"get_version_{name}", "GET", f"/versions/{value}"),
                  Case(f"set_status_{name}", "POST", f"/versions/{value}/status", as_user="admin",
                       json={"status": "approved"}),
                  Case(f"revoke_token_{name}", "DELETE", f"/tokens/{value}")]
    for name, value in BAD_INTS.items():
        cases += [Case(f"events_after_{name}", "GET", "/projects/film/events", params={"after": value}),
                  Case(f"events_limit_{name}", "GET", "/projects/film/events", params={"limit": value}),
                  Case(f"stream_after_{name}", "GET", "/events/stream", params={"project": "film", "after": value}),
                  Case(f"assets_limit_{name}", "GET", "/projects/film/assets", params={"limit": value}),
                  Case(f"publish_size_{name}", "POST", "/projects/film/versions", body=_file("size", value))]
        if name != "neg":  # frame -1 exists (a pre-roll)
            cases += [Case(f"publish_frame_{name}", "POST", "/projects/film/versions", body=_file("frame", value)),
                      Case(f"publish_frame_start_{name}", "POST", "/projects/film/versions",
                           body=_rep("frame_start", value))]
        if name != "blank":  # a reference is stripped of surrounding blanks; a blank header is no header
            cases.append(Case(f"resolve_version_{name}", "POST", "/resolve",
                              json={"references": [f"brickyard://film/hero?version={value}"]}))
        if name not in ("neg", "blank"):
            cases.append(Case(f"last_event_id_{name}", "GET", "/events/stream", params={"project": "film"},
                              headers={"Last-Event-ID": str(value)}))
    cases.append(Case("last_event_id_negative", "GET", "/events/stream", params={"project": "film"},
                      headers={"Last-Event-ID": "-1"}))
    for name, payload in {"inf": ["", "a", "1e400"], "huge": ["", "a", 2**80], "float": ["", "a", 1.5],
                          "nul": ["\x00", "a", 1], "dict": {"a": 1, "b": 2, "c": 3}, "garbage": b"\xff\xfe",
                          "deep": [[[[[[]]]]]]}.items():
        raw = _cursor(payload).replace('"1e400"', "1e400")
        if name == "inf":
            raw = base64.urlsafe_b64encode(b'["", "a", 1e400]').decode()
        cases.append(Case(f"assets_cursor_{name}", "GET", "/projects/film/assets", params={"cursor": raw}))
    return cases


def string_cases() -> list[Case]:
    L = limits
    cases = []
    for name, text in NAME_ATTACKS.items():
        cases += [Case(f"publish_asset_{name}", "POST", "/projects/film/versions", body=_set("asset", text)),
                  Case(f"create_project_{name}", "POST", "/projects", as_user="admin", json={"code": text}),
                  Case(f"resolve_ref_{name}", "POST", "/resolve",
                       json={"references": [f"brickyard://film/{text}?version=1"]})]
        if name != "slash":  # x/he/ro is a fine folder
            cases.append(Case(f"publish_folder_{name}", "POST", "/projects/film/versions",
                              body=_set("folder", f"x/{text}")))
        if name != "upper":  # user names may hold capitals
            cases.append(Case(f"create_user_{name}", "POST", "/users", as_user="admin", json={"name": text}))
    for name, text in {k: v for k, v in NAME_ATTACKS.items()
                       if k in ("nul", "newline", "escape", "cr", "rtl_override", "line_sep", "del", "empty")}.items():
        cases += [Case(f"publish_tag_{name}", "POST", "/projects/film/versions", body=_set("tags", [text])),
                  Case(f"publish_kind_{name}", "POST", "/projects/film/versions", body=_set("kind", text)),
                  Case(f"member_user_{name}", "PUT", "/projects/film/members", as_user="admin",
                       json={"user": text, "role": "viewer"})]
    for name, path in PATH_ATTACKS.items():
        cases.append(Case(f"publish_path_{name}", "POST", "/projects/film/versions", body=_file("path", path)))
    cases += [
        Case("publish_file_and_folder", "POST", "/projects/film/versions", body=_publish(
            lambda b: b["representations"][0]["files"].extend(
                [dict(b["representations"][0]["files"][0], path="hero.glb/inner.glb")]))),
        Case("publish_asset_limit_plus_1", "POST", "/projects/film/versions",
             body=_set("asset", "a" * (L.ASSET_NAME_MAX + 1))),
        Case("publish_folder_limit_plus_1", "POST", "/projects/film/versions",
             body=_set("folder", "/".join(["abcdefg"] * 64) + "/x" * 1)),
        Case("publish_comment_limit_plus_1", "POST", "/projects/film/versions",
             body=_set("comment", "c" * (L.COMMENT_MAX + 1))),
        Case("publish_comment_nul", "POST", "/projects/film/versions", body=_set("comment", "ok\x00")),
        Case("publish_comment_escape", "POST", "/projects/film/versions", body=_set("comment", "\x1b[2J")),
        Case("publish_tags_limit_plus_1", "POST", "/projects/film/versions",
             body=_set("tags", [f"t{i}" for i in range(L.TAGS_PER_VERSION_MAX + 1)])),
        Case("publish_tags_100000", "POST", "/projects/film/versions", body=_set("tags", ["t"] * 100_000)),
        Case("publish_tag_limit_plus_1", "POST", "/projects/film/versions", body=_set("tags", ["t" * (L.TAG_MAX + 1)])),
        Case("publish_workfile_limit_plus_1", "POST", "/projects/film/versions",
             body=_set("workfile", "w" * (L.WORKFILE_MAX + 1))),
        Case("publish_workfile_5mib", "POST", "/projects/film/versions", body=_set("workfile", "w" * 5 * 2**20)),
        Case("publish_workfile_nul", "POST", "/projects/film/versions", body=_set("workfile", "/a\x00b")),
        Case("publish_metadata_too_big", "POST", "/projects/film/versions",
             body=_set("metadata", {"x": "m" * (L.METADATA_MAX_BYTES + 1)})),
        Case("publish_metadata_nul_value", "POST", "/projects/film/versions", body=_set("metadata", {"x": "a\x00"})),
        Case("publish_metadata_nul_key", "POST", "/projects/film/versions", body=_set("metadata", {"a\x00": 1})),
        Case("publish_metadata_huge_int", "POST", "/projects/film/versions", body=_set("metadata", {"x": 2**70})),
        Case("publish_metadata_deep", "POST", "/projects/film/versions",
             body=_set("metadata", _nested(L.METADATA_DEPTH_MAX + 2))),
        Case("publish_inputs_too_many", "POST", "/projects/film/versions",
             body=_set("inputs", ["brickyard://film/hero?version=1"] * (L.INPUTS_MAX + 1))),
        Case("publish_input_superscript", "POST", "/projects/film/versions",
             body=_set("inputs", ["brickyard://film/hero?version=²"])),
        Case("publish_input_nul", "POST", "/projects/film/versions", body=_set("inputs", ["brickyard://fi\x00lm/a"])),
        Case("publish_thumbnail_not_hex", "POST", "/projects/film/versions", body=_set("thumbnail", "zz" * 32)),
        Case("publish_thumbnail_unknown", "POST", "/projects/film/versions", body=_set("thumbnail", SHA)),
        Case("publish_sha_short", "POST", "/projects/film/versions", body=_file("sha256", "ab")),
        Case("publish_rep_name_nul", "POST", "/projects/film/versions", body=_rep("name", "gl\x00b")),
        Case("publish_status_approved", "POST", "/projects/film/versions", body=_set("status", "approved")),
        Case("publish_no_representations", "POST", "/projects/film/versions", body=_set("representations", [])),
        Case("publish_unknown_field", "POST", "/projects/film/versions", body=_set("sneaky", 1)),
        Case("publish_as_viewer", "POST", "/projects/film/versions", as_user="vic", body=_publish(lambda b: None)),
        Case("publish_template_escapes", "POST", "/projects/tpl/versions", as_user="admin",
             body=_publish(lambda b: None)),
        Case("create_project_name_limit_plus_1", "POST", "/projects", as_user="admin",
             json={"code": "longname", "name": "n" * (L.PROJECT_NAME_MAX + 1)}),
        Case("create_project_code_limit_plus_1", "POST", "/projects", as_user="admin",
             json={"code": "c" * (L.CODE_MAX + 1)}),
        Case("create_project_template_huge_pad", "POST", "/projects", as_user="admin",
             json={"code": "pad", "naming": {"file_template": "{asset:999999999}.{ext}"}}),
        Case("create_project_template_bad_spec", "POST", "/projects", as_user="admin",
             json={"code": "spec", "naming": {"file_template": "{asset:d}.{ext}"}}),
        Case("create_project_template_absolute", "POST", "/projects", as_user="admin",
             json={"code": "abs", "naming": {"file_template": "/{asset}.{ext}"}}),
        Case("create_project_bad_regex", "POST", "/projects", as_user="admin",
             json={"code": "rx", "naming": {"name_pattern": "("}}),
        Case("create_user_limit_plus_1", "POST", "/users", as_user="admin", json={"name": "u" * (L.CODE_MAX + 1)}),
        Case("create_user_trailing_newline", "POST", "/users", as_user="admin", json={"name": "eve\n"}),
        Case("resolve_ref_too_long", "POST", "/resolve",
             json={"references": ["brickyard://film/" + "a" * L.REFERENCE_MAX]}),
        Case("resolve_too_many", "POST", "/resolve", json={"references": ["brickyard://film/a"] * 10_001}),
        Case("status_comment_nul", "POST", "/versions/1/status", as_user="admin",
             json={"status": "review", "comment": "a\x00"}),
        Case("status_comment_limit_plus_1", "POST", "/versions/1/status", as_user="admin",
             json={"status": "review", "comment": "c" * (L.COMMENT_MAX + 1)}),
        Case("status_unknown", "POST", "/versions/1/status", as_user="admin", json={"status": "shipped"}),
    ]
    return cases


def url_and_body_cases() -> list[Case]:
    cases = [
        Case("project_code_nul_in_url", "GET", "/projects/fi%00lm"),
        Case("project_code_newline_in_url", "GET", "/projects/fi%0Alm/assets"),
        Case("assets_folder_nul", "GET", "/projects/film/assets", params={"folder": "a\x00"}),
        Case("assets_tag_nul", "GET", "/projects/film/assets", params={"tag": "a\x00"}),
        Case("assets_search_nul", "GET", "/projects/film/assets", params={"search": "\x00"}),
        Case("assets_status_unknown", "GET", "/projects/film/assets", params={"status": "shipped"}),
        Case("versions_path_nul", "GET", "/projects/film/versions", params={"path": "he\x00ro"}),
        Case("stream_project_nul", "GET", "/events/stream", params={"project": "fi\x00lm"}),
        Case("stream_unknown_project", "GET", "/events/stream", params={"project": "nope"}),
        Case("member_remove_nul", "DELETE", "/projects/film/members/an%00a", as_user="admin"),
        Case("token_for_other_user", "POST", "/users/sam/tokens"),
        Case("token_for_unknown_user", "POST", "/users/nobody/tokens"),
        Case("token_for_nul_user", "POST", "/users/a%00b/tokens"),
        Case("blob_head_bad_sha", "HEAD", "/blobs/xyz"),
        Case("blob_head_unknown", "HEAD", f"/blobs/{SHA}"),
        Case("blob_get_bad_sha", "GET", "/blobs/" + "g" * 64),
        Case("blob_get_unknown", "GET", f"/blobs/{SHA}"),
        Case("blob_put_bad_sha", "PUT", "/blobs/not-a-sha", content=b"x"),
        Case("blob_put_mismatch", "PUT", f"/blobs/{SHA}", content=b"not these bytes"),
        Case("blob_put_as_viewer", "PUT", "/blobs/" + "cd" * 32, as_user="vic", content=b"x"),
        Case("blob_missing_bad_sha", "POST", "/blobs/missing", json={"sha256": ["xyz"]}),
        Case("blob_missing_nul", "POST", "/blobs/missing", json={"sha256": ["\x00" * 64]}),
        Case("blob_missing_too_many", "POST", "/blobs/missing", json={"sha256": [SHA] * 100_001}),
        Case("body_not_json", "POST", "/resolve", content=b"{not json", headers={"Content-Type": "application/json"}),
        Case("body_nan", "POST", "/projects/film/versions", content=b'{"asset": NaN}',
             headers={"Content-Type": "application/json"}),
        Case("body_deep_nesting", "POST", "/resolve", content=b"[" * 100_000 + b"]" * 100_000,
             headers={"Content-Type": "application/json"}),
        Case("body_bad_utf8", "POST", "/resolve", content=b'{"references": ["\xff\xfe"]}',
             headers={"Content-Type": "application/json"}),
        Case("body_metadata_infinity", "POST", "/projects/film/versions", body=_set("metadata", {"x": "__INF__"})),
        Case("body_metadata_big_exponent", "POST", "/projects/film/versions",
             body=_set("metadata", {"x": "__1E400__"})),
        Case("body_wrong_types", "POST", "/projects/film/versions", json={"asset": ["x"], "representations": "y"}),
        Case("no_token", "GET", "/projects", as_user=""),
        Case("bad_token", "GET", "/projects", as_user="bogus"),
    ]
    return cases


def corpus() -> list[Case]:
    return integer_cases() + string_cases() + url_and_body_cases()


def encode_body(case: Case, manifest: dict) -> tuple[bytes | None, Any]:
    """(raw content, json) for a case; raw JSON where Python's encoder cannot say it (Infinity, 1e400)."""
    if case.body is None:
        return case.content, case.json
    body = case.body(manifest)
    text = json.dumps(body)
    if "__INF__" in text or "__1E400__" in text:
        return text.replace('"__INF__"', "Infinity").replace('"__1E400__"', "1e400").encode(), None
    return None, body
