"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser), a studio on a
real uvicorn server, and signed-in pages. Without a browser every test here is skipped with the reason."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.web.media import publish_review_material

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BRICKYARD_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def browser_skip_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Playwright Python package is not installed (pip install 'brickyard[test]')"
    if chromium_path() is None:
        return "no Chromium found (apt-get install -y chromium, or set BRICKYARD_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = browser_skip_reason()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()


class Watched:
    """A page with what went wrong on it: dialogs that opened, CSP refusals and script errors."""

    def __init__(self, page):
        self.page, self.dialogs, self.csp, self.errors = page, [], [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp.append(message.text)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # Let every video show its first picture (a spinner is not what the page looks like a moment later).
        self.page.evaluate("() => Promise.race([new Promise(ok => setTimeout(ok, 5000)), Promise.all("
                           "[...document.querySelectorAll('video')].map(v => v.readyState >= 2 ? 0 : "
                           "new Promise(ok => v.addEventListener('loadeddata', ok))))])")
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="session")
def encoded_clips(tmp_path_factory) -> Path:
    """Where the review material's clips are encoded, once a run."""
    return tmp_path_factory.mktemp("review-clips")


@pytest.fixture
def review_studio(studio, tmp_path, encoded_clips):
    """The demo's material on a real server: LUT (review), 12 frames twice, a clip twice when ffmpeg exists."""
    studio.material = publish_review_material(studio, tmp_path / "material", encoded_clips)
    return studio


@pytest.fixture
def open_as(browser, review_studio):
    """``open_as(user)``: a fresh browser context signed in as ``user``; closed after the test."""
    contexts = []

    def sign_in(user: str, width: int = 1400, height: int = 900) -> Watched:
        context = browser.new_context(base_url=review_studio.url, viewport={"width": width, "height": height})
        contexts.append(context)
        watched = Watched(context.new_page())
        sign_in_page(watched.page, review_studio.tokens[user])
        return watched

    yield sign_in
    for context in contexts:
        context.close()


def sign_in_page(page, token: str, next_path: str = "/") -> None:
    page.goto(next_path)
    page.wait_for_url(re.compile(r"/signin"))
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)
