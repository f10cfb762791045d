"""mypy checks the Unreal host against the UE 5.6 stub: every ``unreal`` name and call it makes exists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .stub import stub_source, write_stub

ROOT = Path(__file__).resolve().parents[3]
CONFIG = """[mypy]
mypy_path = {stubs}:{sources}
explicit_package_bases = True
python_version = 3.11
ignore_missing_imports = False
follow_imports = silent
warn_unused_ignores = True
check_untyped_defs = True

[mypy-unreal]
ignore_errors = True

[mypy-pyblish.*]
ignore_missing_imports = True

[mypy-qtpy.*]
ignore_missing_imports = True
"""


@pytest.fixture(scope="module")
def stubs(tmp_path_factory):
    if stub_source() is None:
        pytest.skip("unreal-stub is not installed (pip install -e '.[test]')")
    folder = tmp_path_factory.mktemp("unreal-stub")
    write_stub(folder)
    return folder


def sources(folder: Path) -> Path:
    """``brickyard/{core,hosts}`` as mypy sees an installed package (the editable install maps them at run time)."""
    package = folder / "src" / "brickyard"
    if not package.exists():
        package.mkdir(parents=True)
        for name in ("core", "hosts"):
            (package / name).symlink_to(ROOT / name, target_is_directory=True)
    return package.parent


def mypy(stubs: Path, *targets: str) -> subprocess.CompletedProcess:
    config = stubs / "mypy.ini"
    config.write_text(CONFIG.format(stubs=stubs, sources=sources(stubs)))
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental",
                           *targets], capture_output=True, text=True, cwd=stubs)


def test_the_unreal_host_type_checks_against_the_ue56_stub(stubs):
    result = mypy(stubs, "-p", "brickyard.hosts.unreal")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_catches_a_name_the_stub_does_not_have(stubs, tmp_path):
    bad = tmp_path / "bad_host.py"
    bad.write_text("import unreal\n\n\ndef f() -> None:\n"
                   "    unreal.AssetImportTask().replace_everything = True\n"
                   "    unreal.EditorAssetLibrary.save_loaded_asset()\n")
    result = mypy(stubs, str(bad))
    assert result.returncode == 1
    assert 'has no attribute "replace_everything"' in result.stdout
    assert "Missing positional argument" in result.stdout
