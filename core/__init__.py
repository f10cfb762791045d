"""Brickyard's core: the wire models, the API client, naming rules and the pipeline machinery.

The stable names live here; modules inside ``brickyard.core`` import each other, never this façade.

    >>> from brickyard.core import Client
    >>> with Client() as client:
    ...     client.publish("film", "hero", "model", ["hero.blend"], folder="characters")
"""

from .client import Client, reference_for
from .container import Container
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
from .host import Host, HostContext
from .load.loader import LoadContext, Loader
from .load.registry import LoaderRegistry
from .progress import Progress
from .publish.creator import Creator
from .reference import Reference

__all__ = [
    # talking to the server
    "Client", "Progress", "Reference", "reference_for",
    # the wire models a caller meets most
    "AssetPublic", "FileEntry", "NamingRules", "ProjectPublic", "Resolved", "Role", "Status", "VersionPublic",
    # errors
    "AuthenticationFailed", "BrickyardError", "Conflict", "HashMismatch", "InvalidInput", "NamingError",
    "NotFound", "PayloadTooLarge", "PermissionDenied", "ServerError", "ServerUnavailable",
    # writing a host integration
    "Container", "Creator", "Host", "HostContext", "LoadContext", "Loader", "LoaderRegistry",
]
