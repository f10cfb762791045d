"""The hostile-input corpus through the real ``brickyard`` command, on SQLite and PostgreSQL: every case
prints one ``brickyard: error:`` line, exits non-zero without a traceback, and stores nothing."""

from __future__ import annotations

import pytest

from tests.support.cli import assert_clean_failure, run_cli
from tests.support.hostile_target import Target, hostile_target  # noqa: F401, F811  (the fixture)

PUBLISH = ["publish", "castle.txt", "--project", "film", "--asset", "castle", "--kind", "prompt"]
REF = "brickyard://film/hero?version="

CASES: dict[str, tuple[str, list[str]]] = {  # id: (user, arguments)
    "resolve_superscript": ("ana", ["resolve", REF + "²"]),
    "resolve_arabic_digits": ("ana", ["resolve", REF + "١٢"]),
    "resolve_2e31": ("ana", ["resolve", REF + str(2**31)]),
    "resolve_huge": ("ana", ["resolve", REF + "9" * 30]),
    "resolve_exponent": ("ana", ["resolve", REF + "1e30"]),
    "resolve_nul": ("ana", ["resolve", "brickyard://film/he%00ro?version=1"]),
    "resolve_escape": ("ana", ["resolve", "brickyard://film/he%1bro?version=1"]),
    "get_superscript": ("ana", ["get", REF + "²"]),
    "get_2e63": ("ana", ["get", REF + str(2**63)]),
    "versions_fullwidth_digit": ("ana", ["versions", REF + "１"]),
    "versions_nul": ("ana", ["versions", "brickyard://fi%00lm/hero"]),
    "status_2e31": ("sam", ["status", REF + str(2**31), "approved"]),
    "status_superscript": ("sam", ["status", REF + "³", "approved"]),
    "events_after_2e31": ("ana", ["events", "film", "--after", str(2**31)]),
    "events_after_negative": ("ana", ["events", "film", "--after", "-5"]),
    "publish_input_superscript": ("ana", PUBLISH + ["--input", REF + "²"]),
    "publish_input_huge": ("ana", PUBLISH + ["--input", REF + "9" * 25]),
    "publish_asset_limit_plus_1": ("ana", PUBLISH[:-4] + ["--asset", "a" * 129, "--kind", "prompt"]),
    "publish_asset_homoglyph": ("ana", PUBLISH[:-4] + ["--asset", "cаstle", "--kind", "prompt"]),
    "publish_asset_rtl": ("ana", PUBLISH[:-4] + ["--asset", "cas\u202etle", "--kind", "prompt"]),
    "publish_folder_parent": ("ana", PUBLISH + ["--folder", "../x"]),
    "publish_folder_limit_plus_1": ("ana", PUBLISH + ["--folder", "/".join(["abcdefg"] * 64) + "/x"]),
    "publish_tag_limit_plus_1": ("ana", PUBLISH + ["--tag", "t" * 65]),
    "publish_tag_newline": ("ana", PUBLISH + ["--tag", "a\nb"]),
    "publish_comment_limit_plus_1": ("ana", PUBLISH + ["--comment", "c" * 65537]),
    "publish_comment_escape": ("ana", PUBLISH + ["--comment", "\x1b[2J"]),
    "publish_meta_nan": ("ana", PUBLISH + ["--meta", "x=NaN"]),
    "publish_meta_infinity": ("ana", PUBLISH + ["--meta", "x=1e400"]),
    "publish_file_newline": ("ana", ["publish", "bad\nname.txt", "--project", "film", "--asset", "castle",
                                     "--kind", "prompt"]),
    "publish_file_rtl": ("ana", ["publish", "evil\u202etxt.exe", "--project", "film", "--asset", "castle",
                                 "--kind", "prompt"]),
    "publish_as_viewer": ("vic", PUBLISH),
    "project_code_limit_plus_1": ("admin", ["project", "create", "p" * 65]),
    "project_code_fullwidth": ("admin", ["project", "create", "ｐｒｏｊ"]),
    "project_name_limit_plus_1": ("admin", ["project", "create", "longname", "--name", "n" * 257]),
    "user_trailing_newline": ("admin", ["user", "create", "eve\n"]),
    "user_homoglyph": ("admin", ["user", "create", "аdmin"]),
    "member_user_limit_plus_1": ("admin", ["project", "member", "add", "film", "u" * 65, "viewer"]),
    "token_for_someone_else": ("ana", ["user", "token", "sam"]),
    "token_for_nobody": ("ana", ["user", "token", "nobody"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_on_the_command_line_is_one_clean_error(hostile_target: Target, case, tmp_path):  # noqa: F811
    user, args = CASES[case]
    for name in ("castle.txt", "bad\nname.txt", "evil\u202etxt.exe"):
        (tmp_path / name).write_text("a castle at dusk")
    before = hostile_target.counts()
    result = run_cli(*args, url=hostile_target.server.url, token=hostile_target.tokens[user], cwd=tmp_path,
                     env={"BRICKYARD_CACHE": str(tmp_path / "cache")})
    assert_clean_failure(result)
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert hostile_target.counts() == before
