"""The asset page shows the review media the jobs made (issue 12) through the API's own service, streams
them on the session cookie with Range, refuses other projects, and says when they are pending or failed."""

from __future__ import annotations

import html
import re

import pytest
from brickyard.server.media.limits import MediaLimits

from tests.server.test_previews import publish_files, run_jobs
from tests.support.media import make_clip


@pytest.fixture
def runner(app, settings):
    from brickyard.server.jobs.runner import Runner

    return Runner(app.state.sessions, app.state.blobs, settings.work_dir, MediaLimits(timeout_seconds=60))


@pytest.fixture
def clip_version(api, team, tmp_path):
    tokens, _ = team
    clip = make_clip(tmp_path / "shot.mov", 24, width=160, height=90).read_bytes()
    return publish_files(api.as_user(tokens["ana"]), "shot", "mov", {"shot.mov": clip}, folder="shots")


def video_of(page: str) -> dict[str, str]:
    tag = re.search(r"<video [^>]*>", page)
    assert tag, "no <video> on the page"
    return {k: html.unescape(v) for k, v in re.findall(r'(\w+)="([^"]*)"', tag.group(0))}


def test_the_page_plays_the_proxy_with_its_poster(web, api, runner, clip_version):
    sam = web("sam")
    before = sam.get("/p/film/asset/shots/shot").text
    assert 'data-testid="preview-pending"' in before and "mov: review media: pending" in before
    assert "<video" not in before  # a .mov does not play in a browser: nothing but the state

    assert run_jobs(runner, 1) == 1
    page = sam.get("/p/film/asset/shots/shot").text
    assert 'data-testid="preview-pending"' not in page
    video = video_of(page)
    listed = api.ok("GET", f"/versions/{clip_version['id']}/previews")
    files = {f["role"]: f for f in listed["representations"][0]["files"]}
    for role, attribute in (("proxy", "src"), ("poster", "poster")):
        preview_id = files[role]["url"].rsplit("/", 1)[-1]
        assert video[attribute] == f"/p/film/preview/{preview_id}/{files[role]['sha256']}"
    assert "160×90, 1 s at 24 fps" in page

    proxy = sam.get(video["src"])
    assert proxy.status_code == 200 and proxy.headers["content-type"] == "video/mp4"
    assert proxy.content == api.get(files["proxy"]["url"].removeprefix("/api/v1")).content
    poster = sam.get(video["poster"])
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/jpeg"


def test_range_works_through_the_cookie_route_and_other_projects_are_refused(web, runner, clip_version):
    run_jobs(runner, 1)
    src = video_of(web("sam").get("/p/film/asset/shots/shot").text)["src"]
    vic = web("vic")  # a viewer of the project may watch
    whole = vic.get(src).content
    part = vic.get(src, headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.content == whole[100:300]
    assert part.headers["content-range"] == f"bytes 100-299/{len(whole)}"
    assert part.headers["accept-ranges"] == "bytes"
    olga = web("olga")  # a member of another project only
    assert olga.get(src).status_code == 404
    assert olga.get(src.replace("/p/film/", "/p/other/")).status_code == 404, "her project does not own it"
    assert vic.get(src[:-64] + "0" * 64).status_code == 404  # the address names the content it serves
    assert web(None).get(src).status_code in (303, 401)  # signed out: to the sign-in page


def test_a_failed_job_shows_its_error_and_the_live_area_follows(web, api, team, runner):
    tokens, _ = team
    version = publish_files(api.as_user(tokens["ana"]), "broken", "mov", {"broken.mov": b"no movie" * 200})
    run_jobs(runner, 1)
    sam = web("sam")
    page = sam.get("/p/film/asset/broken").text
    assert 'data-testid="preview-failed"' in page and "failed —" in page and "corrupt" in page
    error = re.search(r'data-testid="processing-error">([^<]+)<', page).group(1)
    assert page.count(error) == 1, "the error is said once, in the review media's states"
    area = sam.get(f"/p/film/v/{version['id']}/previews")
    assert area.status_code == 200
    assert f'data-version-id="{version["id"]}"' in area.text and area.text.count(error) == 1
    assert web("olga").get(f"/p/film/v/{version['id']}/previews").status_code == 404
    assert web("olga").get(f"/p/other/v/{version['id']}/previews").status_code == 404


def test_a_sequence_gets_its_proxy_and_keeps_its_frames(web, api, team, runner, tmp_path):
    from brickyard.core.cli.demo_files import write_png

    tokens, _ = team
    frames = {f"seq.{1001 + i}.png": write_png(tmp_path / f"f{i}.png", 64, 36, shade=i * 20).read_bytes()
              for i in range(6)}
    publish_files(api.as_user(tokens["ana"]), "seq", "png", frames, metadata={"fps": 12})
    run_jobs(runner, 1)
    page = web("sam").get("/p/film/asset/seq").text
    assert video_of(page)["src"].startswith("/p/film/preview/")
    assert 'data-player="frames"' in page and "6 frames" in page  # frame-exact stepping stays


def test_a_version_without_jobs_falls_back_to_its_published_files(web):
    page = web("sam").get("/p/film/asset/looks/warm_grade").text
    assert 'data-testid="no-preview"' in page and "<video" not in page


def test_a_sound_shows_its_waveform_and_aac_proxy_and_a_still_its_review_image(web, api, team, runner, tmp_path):
    from brickyard.core.cli.demo_files import write_png

    from tests.support.media import make_tone

    tokens, _ = team
    ana = api.as_user(tokens["ana"])
    publish_files(ana, "mix", "wav", {"mix.wav": make_tone(tmp_path / "mix.wav", 1.0).read_bytes()})
    publish_files(ana, "still", "png", {"still.png": write_png(tmp_path / "s.png", 64, 36, shade=80).read_bytes()})
    assert run_jobs(runner, 2) == 2
    sam = web("sam")
    sound = sam.get("/p/film/asset/mix").text
    waveform = re.search(r'<img class="player still" data-player="image" src="([^"]+)" alt="wav: waveform"', sound)
    audio = re.search(r'<audio [^>]*src="([^"]+)"[^>]*preload="auto"', sound)
    assert waveform and audio, sound
    assert sam.get(waveform.group(1)).headers["content-type"] == "image/png"
    assert sam.get(audio.group(1)).headers["content-type"] == "audio/mp4"
    still = sam.get("/p/film/asset/still").text
    review = re.search(r'src="(/p/film/preview/[^"]+)" alt="png: review image"', still)
    assert review and sam.get(review.group(1)).headers["content-type"] == "image/jpeg"
