"""Build the Blender extension zip: ``python -m brickyard.hosts.blender.package --out dist``.

The zip holds a ``blender_manifest.toml``, a two-function ``__init__.py`` that registers the add-on
from the bundled Brickyard wheel, and the wheels Brickyard needs that Blender does not ship (pydantic
and its helpers, pyblish-base, platformdirs; Blender bundles requests). Install it with Edit ›
Preferences › Get Extensions › Install from Disk. Wheels come from PyPI through pip, per platform.

    $ python -m brickyard.hosts.blender.package --out dist --platform linux-x64 --platform windows-x64
    dist/brickyard-0.1.0.zip
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EXTENSION_ID = "brickyard"
REQUIREMENTS = ["pydantic>=2.6,<3", "pyblish-base>=1.8.12", "platformdirs>=4"]
PLATFORMS = {  # Blender's platform name → the pip platform tags its wheels carry
    "linux-x64": ["manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "linux-arm64": ["manylinux_2_17_aarch64", "manylinux2014_aarch64"],
    "windows-x64": ["win_amd64"],
    "macos-arm64": ["macosx_11_0_arm64"],
    "macos-x64": ["macosx_10_12_x86_64"],
}
# The Pythons Blender ships: 4.2–5.0 bundle 3.11; 5.1 moved to 3.13 (release notes of 5.1 say 3.12 → 3.13,
# so 3.12 is bundled too for any release in between). Binary wheels (pydantic-core) differ per Python.
PYTHONS = ["3.11", "3.12", "3.13"]
TESTED_WITH = "5.0.1"  # the newest Blender the add-on is tested in (bpy from PyPI)
BLENDER_VERSION_MAX = "5.1.0"  # exclusive: the first release not yet tested; raise it after testing there
# Top-level packages a dependency's wheel installs beside its own (pyblish-base ships ``tests``): Blender
# puts every extension's wheels into one shared site-packages, so they are stripped from the wheel.
STRAY_TOP_LEVEL = ("tests/",)
SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the checkout holding pyproject.toml

ENTRY_POINT = '''"""Brickyard for Blender (extension entry point); the add-on ships in the bundled Brickyard wheel."""


def register():
    from brickyard.hosts.blender import addon

    addon.register(__package__)


def unregister():
    from brickyard.hosts.blender import addon

    addon.unregister()
'''


def manifest(version: str, wheels: list[str], platforms: list[str]) -> str:
    listed = ",\n".join(f'  "./wheels/{name}"' for name in wheels)
    return f'''schema_version = "1.0.0"
id = "{EXTENSION_ID}"
version = "{version}"
name = "Brickyard"
tagline = "Publish, load and switch versions of production assets"
maintainer = "Brickyard"
type = "add-on"
tags = ["Pipeline", "Import-Export"]
blender_version_min = "4.2.0"
blender_version_max = "{BLENDER_VERSION_MAX}"
license = ["SPDX:GPL-3.0-or-later"]
platforms = [{", ".join(f'"{p}"' for p in platforms)}]
wheels = [
{listed}
]

[permissions]
network = "Talks to your studio's Brickyard server (publish, load, versions)"
files = "Writes published files to a staging folder and loaded files to the library root"
'''


class PackagingError(RuntimeError):
    pass


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PackagingError(f"pip {args[0]} failed: {' / '.join(tail)}")


def build_brickyard_wheel(dest: Path) -> Path:
    if not (SOURCE_ROOT / "pyproject.toml").is_file():
        raise PackagingError(f"no pyproject.toml in {SOURCE_ROOT}; run this from a source checkout, "
                             "or pass --wheels with a Brickyard wheel in it")
    _pip("wheel", "--no-deps", "-q", "-w", str(dest), str(SOURCE_ROOT))
    return next(dest.glob("brickyard-*.whl"))


def download_dependencies(dest: Path, platforms: list[str]) -> None:
    for platform in platforms:
        tags = [arg for tag in PLATFORMS[platform] for arg in ("--platform", tag)]
        for python in PYTHONS:
            _pip("download", "-q", "--only-binary=:all:", "--python-version", python, "--implementation", "cp",
                 *tags, "-d", str(dest), *REQUIREMENTS)
    for wheel in dest.glob("*.whl"):
        strip_stray_packages(wheel)


def strip_stray_packages(wheel: Path) -> list[str]:
    """Rewrite ``wheel`` without top-level ``STRAY_TOP_LEVEL`` folders (and their RECORD lines); what went."""
    with zipfile.ZipFile(wheel) as source:
        stray = [n for n in source.namelist() if n.startswith(STRAY_TOP_LEVEL)]
        if not stray:
            return []
        temp = wheel.with_suffix(".tmp")
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename in stray:
                    continue
                data = source.read(info)
                if info.filename.endswith(".dist-info/RECORD"):
                    data = b"".join(line for line in data.splitlines(keepends=True)
                                    if not line.decode().startswith(STRAY_TOP_LEVEL))
                target.writestr(info, data)
    temp.replace(wheel)
    return stray


def build(out: Path, platforms: list[str], *, wheels_from: Path | None = None, version: str | None = None) -> Path:
    """Write ``out/brickyard-<version>.zip``; ``wheels_from`` reuses wheels there instead of pip."""
    unknown = [p for p in platforms if p not in PLATFORMS]
    if unknown or not platforms:
        raise PackagingError(f"unknown platform(s) {unknown}; choose from {sorted(PLATFORMS)}")
    with tempfile.TemporaryDirectory(prefix="brickyard-extension-") as temp:
        wheel_dir = Path(temp) / "wheels"
        wheel_dir.mkdir()
        if wheels_from is not None:
            for wheel in Path(wheels_from).glob("*.whl"):
                shutil.copy2(wheel, wheel_dir)
        else:
            build_brickyard_wheel(wheel_dir)
            download_dependencies(wheel_dir, platforms)
        wheels = sorted(p.name for p in wheel_dir.glob("*.whl"))
        version = version or _brickyard_version(wheels)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{EXTENSION_ID}-{version}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("blender_manifest.toml", manifest(version, wheels, platforms))
            archive.writestr("__init__.py", ENTRY_POINT)
            for name in wheels:
                archive.write(wheel_dir / name, f"wheels/{name}")
    return target


def _brickyard_version(wheels: list[str]) -> str:
    for name in wheels:
        if name.startswith("brickyard-"):
            return name.split("-")[1]
    from importlib.metadata import version
    return version("brickyard")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brickyard install blender",
                                     description="Build the Brickyard extension zip for Blender 4.2+ "
                                                 "(also: python -m brickyard.hosts.blender.package)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="folder for the zip (default ./dist)")
    parser.add_argument("--platform", action="append", dest="platforms", choices=sorted(PLATFORMS),
                        help="a platform to bundle wheels for (repeat; default: all five)")
    parser.add_argument("--wheels", type=Path, help="use the wheels in this folder instead of building and "
                                                     "downloading them")
    args = parser.parse_args(argv)
    try:
        path = build(args.out, args.platforms or sorted(PLATFORMS), wheels_from=args.wheels)
    except PackagingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    print("install it in Blender: Edit > Preferences > Get Extensions > Install from Disk…, pick this zip, "
          "then set the server URL, token and project in the add-on's preferences", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
