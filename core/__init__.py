"""Brickyard's core: the wire models, the API client, naming rules and the pipeline machinery.

The stable names live here; modules inside ``brickyard.core`` import each other, never this façade.
"""

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
from .reference import Reference

__all__ = [
    "AssetPublic", "AuthenticationFailed", "BrickyardError", "Conflict", "FileEntry", "HashMismatch",
    "InvalidInput", "NamingError", "NamingRules", "NotFound", "PayloadTooLarge", "PermissionDenied",
    "ProjectPublic", "Reference", "Resolved", "Role", "ServerError", "ServerUnavailable", "Status",
    "VersionPublic",
]
