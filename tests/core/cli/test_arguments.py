"""CLI argument handling that needs no server."""

from __future__ import annotations

import pytest

from brickyard.core.cli.asset_commands import parse_meta
from brickyard.core.cli.main import build_parser, main
from brickyard.core.errors import InvalidInput
from tests.support.cli import assert_clean_failure, run_cli


def test_meta_values_keep_json_types_and_fall_back_to_text():
    assert parse_meta(["fps=24", "base_model=sdxl", "tags=[1,2]", "ok=true"]) == {
        "fps": 24, "base_model": "sdxl", "tags": [1, 2], "ok": True}


@pytest.mark.parametrize("bad", ["fps", "=24"])
def test_meta_without_key_or_equals_is_refused(bad):
    with pytest.raises(InvalidInput, match="KEY=VALUE"):
        parse_meta([bad])


def test_usage_error_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["publish", "x.png", "--project", "p", "--asset", "a"])  # --kind missing
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--kind" in err and "Traceback" not in err


def test_missing_url_says_how_to_set_it(tmp_path):
    result = run_cli("ls", cwd=tmp_path)
    assert_clean_failure(result, "BRICKYARD_URL")


def test_unreachable_server_is_a_clear_error(tmp_path):
    result = run_cli("whoami", url="http://127.0.0.1:9", token="x", cwd=tmp_path)
    assert_clean_failure(result, "127.0.0.1:9")


def test_bad_reference_is_refused_before_any_request(tmp_path):
    # film/hero is the short form now (issue 18); a bad version is still refused before any request
    result = run_cli("resolve", "film/hero?version=zero", url="http://127.0.0.1:9", token="x", cwd=tmp_path)
    assert_clean_failure(result, "'film/hero?version=zero'", "PROJECT/FOLDER/ASSET")
    assert "127.0.0.1:9" not in result.err


@pytest.mark.parametrize("spelled", [["--sort", "-published"], ["--sort=-published"]])
def test_a_reversed_sort_may_follow_its_option_after_a_space(spelled):
    assert build_parser().parse_args(["ls", *spelled]).sort == "-published"


def test_a_dash_value_outside_the_choices_is_named_as_one(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ls", "--sort", "-size"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "invalid choice: '-size'" in err and "Traceback" not in err
    with pytest.raises(SystemExit):  # an option after --sort is still an option, not its value
        main(["ls", "--sort", "--desc"])
    assert "--sort: expected one argument" in capsys.readouterr().err
