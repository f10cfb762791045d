import json
import os
import stat

import pytest
from brickyard.core.config import ConfigError, load_config, save_config
from brickyard.core.errors import InvalidInput

ENV = ("BRICKYARD_URL", "BRICKYARD_TOKEN", "BRICKYARD_LIBRARY", "BRICKYARD_CACHE", "BRICKYARD_CONFIG")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    # platformdirs follows XDG on Linux: keep the real user folders out of the tests
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def test_explicit_beats_env_beats_file(monkeypatch, tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"url": "http://file", "token": "file-token", "library": "/lib/file"}))
    monkeypatch.setenv("BRICKYARD_URL", "http://env/")
    assert load_config(config_path=path).url == "http://env"  # trailing slash dropped
    assert load_config(config_path=path).token == "file-token"
    assert load_config("http://arg", "arg-token", config_path=path).token == "arg-token"
    assert str(load_config(config_path=path).library) == "/lib/file"


def test_defaults_follow_platformdirs(tmp_path):
    config = load_config("http://x", "t", config_path=tmp_path / "none.json")
    assert config.library == tmp_path / "xdg-data" / "brickyard" / "library"
    assert config.cache_dir == tmp_path / "xdg-cache" / "brickyard"


def test_default_config_file_and_override_by_env(monkeypatch, tmp_path):
    default = tmp_path / "xdg-config" / "brickyard" / "config.json"
    default.parent.mkdir(parents=True)
    default.write_text(json.dumps({"url": "http://default", "token": "t"}))
    assert load_config().url == "http://default"
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"url": "http://other", "token": "t", "cache": str(tmp_path / "c")}))
    monkeypatch.setenv("BRICKYARD_CONFIG", str(other))
    assert load_config().url == "http://other"
    assert load_config().cache_dir == tmp_path / "c"


def test_env_library_and_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("BRICKYARD_LIBRARY", str(tmp_path / "lib"))
    monkeypatch.setenv("BRICKYARD_CACHE", str(tmp_path / "cache"))
    config = load_config("http://x", "t")
    assert (config.library, config.cache_dir) == (tmp_path / "lib", tmp_path / "cache")


def test_missing_url_and_token_say_how_to_set_them(tmp_path):
    with pytest.raises(ConfigError) as missing_url:
        load_config(config_path=tmp_path / "none.json")
    assert isinstance(missing_url.value, InvalidInput)
    assert "BRICKYARD_URL" in missing_url.value.message and "brickyard login" in missing_url.value.message
    with pytest.raises(ConfigError) as missing_token:
        load_config("http://x", config_path=tmp_path / "none.json")
    assert "BRICKYARD_TOKEN" in missing_token.value.message
    assert load_config("http://x", require_token=False).token is None


def test_broken_config_file_is_named(tmp_path):
    path = tmp_path / "config.json"
    path.write_text("{not json")
    with pytest.raises(ConfigError, match=str(path)):
        load_config(config_path=path)


def test_save_config_writes_owner_only_and_keeps_other_keys(tmp_path):
    path = tmp_path / "deep" / "config.json"
    save_config(url="http://a", token="secret", library="/lib", config_path=path)
    save_config(token="newer", config_path=path)
    assert json.loads(path.read_text()) == {"url": "http://a", "token": "newer", "library": "/lib"}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_config(config_path=path).token == "newer"
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temp file left behind
