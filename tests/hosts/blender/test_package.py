"""The packaging command builds an extension zip that a real Blender installs and enables."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender import package  # noqa: E402


@pytest.fixture(scope="module")
def extension_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    try:
        return package.build(out, ["linux-x64"])
    except package.PackagingError as exc:
        pytest.skip(f"cannot fetch the wheels from PyPI here ({exc})")


def test_zip_has_manifest_entry_point_and_wheels(extension_zip):
    with zipfile.ZipFile(extension_zip) as archive:
        names = archive.namelist()
        manifest = tomllib.loads(archive.read("blender_manifest.toml").decode())
    assert {"blender_manifest.toml", "__init__.py"} <= set(names)
    assert manifest["id"] == "brickyard" and manifest["blender_version_min"] == "4.2.0"
    assert manifest["blender_version_max"] == package.BLENDER_VERSION_MAX
    assert manifest["platforms"] == ["linux-x64"] and {"network", "files"} <= set(manifest["permissions"])
    wheels = {Path(w).name.split("-")[0] for w in manifest["wheels"]}
    assert {"brickyard", "pydantic", "pydantic_core", "pyblish_base", "platformdirs"} <= wheels
    assert all(w.removeprefix("./") in names for w in manifest["wheels"])
    cores = {Path(w).name.split("-")[2] for w in manifest["wheels"] if Path(w).name.startswith("pydantic_core")}
    assert cores == {"cp311", "cp312", "cp313"}  # one per Python the supported Blender releases ship
    with zipfile.ZipFile(extension_zip) as archive:
        for name in [n for n in names if n.endswith(".whl")]:
            with zipfile.ZipFile(archive.open(name)) as wheel:
                tops = {entry.split("/")[0] for entry in wheel.namelist()}
                assert "tests" not in tops, f"{name} would put a top-level 'tests' into Blender's site-packages"


def test_blender_installs_and_enables_it(extension_zip, tmp_path):
    script = Path(__file__).with_name("install_extension.py")
    done = subprocess.run([sys.executable, str(script), str(extension_zip), str(tmp_path / "user")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["result"] == ["FINISHED"] and report["enabled"] and report["preferences"]
    assert report["operators"] == ["publish", "load", "update", "refresh_inventory"]
    assert report["panels"] == ["publish", "load", "inventory"]
    assert "brickyard" in report["site_packages"] and "pydantic" in report["site_packages"]


def test_unknown_platform_is_refused(tmp_path):
    with pytest.raises(package.PackagingError, match="unknown platform"):
        package.build(tmp_path, ["amiga-68k"])
