"""The Blender part of ``brickyard demo``: as a function in this process, and as the CLI's subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest

bpy = pytest.importorskip("bpy", reason="the Blender tests need bpy 5.0.1 (Python 3.11)")

from brickyard.hosts.blender import demo  # noqa: E402


def test_run_publishes_loads_and_switches(addon, studio, tmp_path, monkeypatch):
    monkeypatch.setenv("BRICKYARD_CACHE", str(tmp_path / "cache"))
    lines = demo.run(studio.url, studio.tokens["ana"], "film", tmp_path / "blender")
    assert len(lines) == 9
    assert "published the collection 'crate'" in lines[0] and "version=1" in lines[0]
    assert "is outdated: v1 loaded, v2 latest" in lines[3]
    assert "updated 1 of 1 to v2" in lines[4] and "crate_v002.blend" in lines[4] and "x=2" in lines[4]
    assert "with a library override" in lines[6] and "characters/hero?version=2" in lines[7]
    assert "updated 1 of 1 to v2" in lines[8] and "root, spine, tail" in lines[8] and "x=1.5" in lines[8]
    assert "spine at 0.6 rad on frame 24" in lines[8]  # the animator's keys survived the switch
    ana = studio.client("ana")
    versions = ana.versions("brickyard://film/props/crate")
    assert [v.number for v in versions] == [1, 2]
    thumbnail = bpy.data.images.load(str(ana.fetch_blob(versions[-1].thumbnail)))
    greys = {round(value, 2) for value in list(thumbnail.pixels)[0::4]}
    assert len(greys) > 3  # the crate is drawn: shades, not one flat background


def test_cli_entry_fails_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "brickyard.hosts.blender.demo", "--url", "http://127.0.0.1:9",
                           "--token", "x", "--project", "film", "--workdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "could not be reached" in errors[0]


def test_cli_entry_says_skipped_without_bpy(tmp_path):
    code = ("import runpy, sys; sys.modules['bpy'] = None; "
            "runpy.run_module('brickyard.hosts.blender.demo', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code, "--url", "u", "--token", "t", "--project", "p",
                           "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (3, "skipped: bpy is not installed (needs Python 3.11)")
