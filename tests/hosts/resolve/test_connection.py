"""Connecting to Resolve: every way it fails says why and what to do."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from brickyard.hosts.resolve.connection import ResolveUnavailable, connect, release_of

from tests.fakes.resolve import FakeResolve, script_module


@pytest.mark.parametrize("setup, cause", [
    (lambda app: setattr(app, "running", False), "not running"),
    (lambda app: setattr(app, "external_scripting", "None"), "external scripting off"),
    (lambda app: setattr(app, "studio", False), "the free edition"),
])
def test_no_answer_names_every_likely_cause_and_the_fix(setup, cause):
    app = FakeResolve()
    setup(app)
    with pytest.raises(ResolveUnavailable) as caught:
        connect(module=script_module(app))
    message = caught.value.message
    assert message.startswith("DaVinci Resolve did not answer.")
    assert "is running" in message and '"External scripting using" is set to Local' in message
    assert "DaVinci Resolve Studio" in message and "Workspace › Scripts" in message


def test_external_connection_and_the_injected_global_both_give_the_app():
    app = FakeResolve(release="19.1.3")
    external = connect(module=script_module(app))  # a proxy of the app, as fusionscript hands out
    assert external is not app and external.GetVersionString() == "19.1.3"
    app.running = False
    with pytest.raises(ResolveUnavailable):
        connect(module=script_module(app))
    app.running = True
    assert connect(app) is app  # inside Resolve the menu script passes its `resolve` global
    assert release_of(app) == (19, 1, 3)


def test_a_release_without_unique_ids_is_refused():
    with pytest.raises(ResolveUnavailable, match=r"17.4.5 is too old for Brickyard, which needs 18.0.0"):
        connect(FakeResolve(release="17.4.5"))


def test_a_machine_without_resolve_is_told_where_the_scripting_module_should_be(tmp_path):
    """A real process with no DaVinciResolveScript anywhere: the README's variables are named."""
    code = textwrap.dedent(f"""
        import os, sys
        os.environ["RESOLVE_SCRIPT_API"] = {str(tmp_path / "nowhere")!r}
        from brickyard.hosts.resolve.connection import ResolveUnavailable, connect
        try:
            connect()
        except ResolveUnavailable as exc:
            print(exc.message)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert "cannot load Resolve's scripting module" in out
    assert "Set RESOLVE_SCRIPT_API" in out and "RESOLVE_SCRIPT_LIB" in out and str(tmp_path / "nowhere") in out


def test_link_ties_the_open_resolve_project_to_a_brickyard_project(tmp_path, monkeypatch, capsys):
    from brickyard.hosts.resolve import ResolveHost
    from brickyard.hosts.resolve.link import main

    app = FakeResolve()
    monkeypatch.setitem(sys.modules, "DaVinciResolveScript", script_module(app))
    assert main(["film", "--folder", "edits", "--state-dir", str(tmp_path)]) == 0
    assert "linked the Resolve project 'Untitled Project' to film/edits" in capsys.readouterr().out
    assert ResolveHost(app, state_dir=tmp_path).context().folder == "edits"
    app.running = False
    assert main(["film", "--state-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("brickyard: DaVinci Resolve did not answer.")
