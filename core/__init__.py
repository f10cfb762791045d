"""Brickyard's core: the wire models, the API client, naming rules and the pipeline machinery.

The stable names live here; modules inside ``brickyard.core`` import each other, never this façade.

    >>> from brickyard.core import Client
    >>> with Client() as client:
    ...     client.publish("film", "hero", "model", ["hero.blend"], folder="characters")
"""

from .client import Client, reference_for
from .config import ClientConfig, ConfigError, load_config, save_config
from .errors import (
    AuthenticationFailed,
    BrickyardError,
    Conflict,
    HashMismatch,
    InvalidInput,
    NamingError,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    ServerError,
    ServerUnavailable,
)
from .models import (
    AssetPublic,
    FileEntry,
    NamingRules,
    ProjectPublic,
    Resolved,
    Role,
    Status,
    VersionPublic,
)
from .progress import Progress
from .reference import Reference

__all__ = [
    "AssetPublic",
    "AuthenticationFailed",
    "BrickyardError",
    "Client",
    "ClientConfig",
    "ConfigError",
    "Conflict",
    "FileEntry",
    "HashMismatch",
    "InvalidInput",
    "NamingError",
    "NamingRules",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "Progress",
    "ProjectPublic",
    "Reference",
    "Resolved",
    "Role",
    "ServerError",
    "ServerUnavailable",
    "Status",
    "VersionPublic",
    "load_config",
    "reference_for",
    "save_config",
]
