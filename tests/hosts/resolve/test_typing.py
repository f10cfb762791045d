"""mypy checks the Resolve host and the fake against ``fusionscript-stubs`` (the published stubs of Resolve's API).

The editable install maps ``brickyard.*`` onto the repository's folders with an import hook mypy cannot
follow, so the check runs over a temporary tree of links that spells the same package names.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CONFIG = Path(__file__).with_name("mypy.ini")


def stubs_installed() -> bool:
    return importlib.util.find_spec("mypy") is not None and any(
        (Path(p) / "fusionscript-stubs" / "__init__.pyi").is_file() for p in sys.path if p)


@pytest.mark.skipif(not stubs_installed(), reason="mypy and fusionscript-stubs come with the test extra: "
                                                  "pip install -e '.[test]'")
def test_the_host_and_the_fake_type_check_against_the_published_stubs(tmp_path):
    (tmp_path / "brickyard").mkdir()
    (tmp_path / "brickyard" / "core").symlink_to(ROOT / "core")
    (tmp_path / "brickyard" / "hosts").symlink_to(ROOT / "hosts")
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), "--no-incremental",
         "-p", "brickyard.hosts.resolve", "-p", "tests.fakes.resolve"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_sees_the_stubs_and_would_catch_a_wrong_call(tmp_path):
    """The check can fail: a call the stubs do not have is an error."""
    if not stubs_installed():
        pytest.skip("mypy and fusionscript-stubs come with the test extra")
    probe = tmp_path / "probe.py"
    probe.write_text("from fusionscript import MediaPoolItem\n\n"
                     "def f(clip: MediaPoolItem) -> None:\n    clip.ReplaceClipEverywhere('/x.mov')\n")
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(CONFIG), str(probe)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert result.returncode == 1 and 'has no attribute "ReplaceClipEverywhere"' in result.stdout
