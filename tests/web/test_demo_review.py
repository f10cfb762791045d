"""Done-when: ``brickyard demo`` ends by printing the URL, and a supervisor does a whole review round on
what it published — find the LUT and the frames, play the frames, comment, approve — in the browser. The
sequence and the clip play the H.264 proxies the server's jobs made from them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from tests.support.server import free_port
from tests.web.conftest import Watched, sign_in_page
from tests.web.test_previews_in_browser import playing
from tests.web.test_review_in_browser import until

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(tmp_path):
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-m", "brickyard.core.cli.main", "demo", "--no-hosts", "--data", str(data),
                             "--port", str(free_port())], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            start_new_session=True)  # its own group: a demo too slow to stop takes its server along
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("==> open http"):
            break
    try:
        assert lines and lines[-1].startswith("==> open http"), "\n".join(lines)
        yield lines, data
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # on a loaded machine: killing the demo alone would orphan its server
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_review_round_on_the_demo(browser, demo):
    lines, data = demo
    url = re.match(r"==> open (http://\S+)", lines[-1]).group(1)
    token = (data / "sam-token").read_text().strip()
    # the demo shows each user's token once, on the line that signs them in (issue 18), and nowhere else —
    # never in a URL it prints
    showing = [line for line in lines if token in line]
    assert len(showing) == 1 and "sam (supervisor) signs in with" in showing[0], showing
    assert token not in url
    base = url.split("/p/")[0]
    context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page
    sign_in_page(page, token, url[len(base):])
    page.fill("#search", "warm")
    page.click("form.filters button[type=submit]")
    page.click("text=warm_grade")
    page.wait_for_url(re.compile(r"/asset/looks/warm_grade"), wait_until="load")
    assert page.inner_text("[data-testid=status]") == "approved"  # the demo approved the LUT already
    page.locator("a[download]").first.wait_for()
    assert page.locator("a[download]").first.inner_text() == "warm_grade.cube"
    page.goto(url)
    page.click("text=hero_turntable")
    page.wait_for_url(re.compile(r"/hero_turntable"), wait_until="load")  # its scripts run before keys are pressed
    proxy = playing(page)  # the sequence's proxy, made before the demo printed its URL
    assert proxy["ready"] >= 2 and "/p/demo/preview/" in proxy["src"]
    assert proxy["duration"] == pytest.approx(12 / 24, abs=1 / 24)
    label = page.locator(".role-frames .frame-label")
    assert label.inner_text().startswith("frame 1001 (1 of 12)")
    page.click(".role-frames [data-act=play]")
    until(page, "() => !document.querySelector('.role-frames .frame-label').textContent.startsWith('frame 1001 ')")
    page.click(".role-frames [data-act=play]")
    assert page.inner_text(".role-frames [data-act=play]") == "▶︎"  # paused again
    page.keyboard.press("c")
    page.keyboard.type("Turntable reads well.")
    page.click("[data-testid=comment-form] button")
    page.click("button.approve")
    page.wait_for_selector("[data-testid=status]:text('approved')")
    assert "Turntable reads well." in page.inner_text("[data-testid=thread]")
    watched.shot("demo-review-round")
    page.goto(url)
    page.click("text=hero_spin")
    clip = playing(page)  # the AVI no browser plays, as its H.264 proxy with a poster
    assert clip["ready"] >= 2 and "/p/demo/preview/" in clip["src"] and clip["poster"]
    assert clip["duration"] == pytest.approx(48 / 24, abs=1 / 24)
    page.locator("video").evaluate("v => { v.currentTime = 1.0; }")
    until(page, "() => !document.querySelector('video').seeking")
    watched.shot("demo-clip-proxy")
    assert watched.csp == [] and watched.errors == []
    context.close()
