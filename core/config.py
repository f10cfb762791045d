"""Where the client finds its server, token, library root and cache.

Each setting comes from the first of: an explicit argument, an environment variable
(``BRICKYARD_URL``, ``BRICKYARD_TOKEN``, ``BRICKYARD_LIBRARY``, ``BRICKYARD_CACHE``), the user's config
file (JSON with keys ``url``, ``token``, ``library``, ``cache`` at
``platformdirs.user_config_dir("brickyard")/config.json``, or ``BRICKYARD_CONFIG``), a default.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from .errors import InvalidInput

APP_NAME = "brickyard"
CONFIG_KEYS = ("url", "token", "library", "cache")


class ConfigError(InvalidInput):
    """The client is missing a setting (or the config file is unreadable); the message says how to fix it."""

    code = "not_configured"


@dataclass(frozen=True)
class ClientConfig:
    url: str
    token: str | None
    library: Path
    cache_dir: Path
    config_path: Path


def default_config_path() -> Path:
    """``BRICKYARD_CONFIG`` if set, else ``config.json`` in the user's config folder."""
    explicit = os.environ.get("BRICKYARD_CONFIG")
    return Path(explicit) if explicit else Path(platformdirs.user_config_dir(APP_NAME)) / "config.json"


def read_config_file(path: str | os.PathLike) -> dict[str, Any]:
    """The settings stored in ``path`` (``{}`` when it does not exist)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read the Brickyard config file {path}: {exc.strerror}",
                          detail={"path": str(path)}) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"the Brickyard config file {path} is not valid JSON ({exc}); "
                          "fix it, or delete it and run `brickyard login URL --with-token TOKEN` again",
                          detail={"path": str(path)}) from None
    if not isinstance(data, dict):
        raise ConfigError(f"the Brickyard config file {path} must hold a JSON object",
                          detail={"path": str(path)})
    return data


def not_configured(setting: str, env: str, path: Path) -> ConfigError:
    return ConfigError(
        f"no Brickyard server {setting} is configured; pass it explicitly, set the environment variable "
        f"{env}, or run `brickyard login URL --with-token TOKEN` to store it in {path}",
        detail={"setting": setting, "env": env, "config_path": str(path)})


def load_config(url: str | None = None, token: str | None = None, *, library: str | os.PathLike | None = None,
                cache_dir: str | os.PathLike | None = None, config_path: str | os.PathLike | None = None,
                require_token: bool = True) -> ClientConfig:
    """Resolve every client setting; ``ConfigError`` says how to set a missing URL or token.

        >>> config = load_config()                       # environment, then the config file
        >>> config = load_config("http://localhost:8765", "tok", require_token=False)
    """
    path = Path(config_path) if config_path else default_config_path()
    stored = read_config_file(path)

    def pick(explicit: Any, env: str, key: str) -> Any:
        return explicit or os.environ.get(env) or stored.get(key) or None

    resolved_url = pick(url, "BRICKYARD_URL", "url")
    resolved_token = pick(token, "BRICKYARD_TOKEN", "token")
    if not resolved_url:
        raise not_configured("URL", "BRICKYARD_URL", path)
    if require_token and not resolved_token:
        raise not_configured("token", "BRICKYARD_TOKEN", path)
    resolved_library = pick(library, "BRICKYARD_LIBRARY", "library") or \
        Path(platformdirs.user_data_dir(APP_NAME)) / "library"
    resolved_cache = pick(cache_dir, "BRICKYARD_CACHE", "cache") or platformdirs.user_cache_dir(APP_NAME)
    return ClientConfig(url=str(resolved_url).rstrip("/"), token=resolved_token,
                        library=Path(resolved_library).expanduser(),
                        cache_dir=Path(resolved_cache).expanduser(), config_path=path)


def save_config(url: str | None = None, token: str | None = None, *, library: str | os.PathLike | None = None,
                cache: str | os.PathLike | None = None, config_path: str | os.PathLike | None = None) -> Path:
    """Store the given settings (others already in the file are kept); the file is readable by its owner only.

        >>> save_config("http://studio:8765", "by_...")
        PosixPath('/home/me/.config/brickyard/config.json')
    """
    path = Path(config_path) if config_path else default_config_path()
    data = read_config_file(path)
    for key, value in zip(CONFIG_KEYS, (url, token, library, cache)):
        if value is not None:
            data[key] = str(value)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Created 0600 from the start: the token must never be readable by others, not even briefly.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o600)  # os.open's mode is filtered by the umask
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path
