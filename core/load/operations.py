"""Load, update and remove: materialise the files, call the loader, keep the container in the host.

    >>> container = load(client, host, loaders.get("LoadFile"), version, "png")
    >>> container = update(client, host, loaders.get("LoadFile"), container, newer_version)
    >>> remove(host, loaders.get("LoadFile"), container)
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from ..container import Container
from ..errors import InvalidInput, NotFound
from ..host import Host
from ..models import RepresentationPublic, VersionPublic
from ..progress import ProgressCallback
from ..reference import Reference
from .loader import LoadContext, Loader


def find_representation(version: VersionPublic, name: str) -> RepresentationPublic:
    for rep in version.representations:
        if rep.name == name:
            return rep
    raise NotFound(f"{version.reference} has no representation {name!r} (it has "
                   f"{[r.name for r in version.representations]}); pick another version or load it anew",
                   detail={"reference": version.reference, "representation": name})


def materialise(client, version: VersionPublic, representation: str,
                progress: ProgressCallback | None = None) -> list[Path]:
    """The representation's files under the library root (fetched through the client's cache)."""
    return client.download(version, representation=representation, progress=progress)


def load(client, host: Host, loader: type[Loader], version: VersionPublic, representation: str, *,
         options: dict[str, Any] | None = None, progress: ProgressCallback | None = None,
         paths: list[Path] | None = None) -> Container:
    """Load one representation of ``version`` with ``loader``; the container now imprinted in the host.

    ``paths`` are the representation's materialised files when the caller fetched them already
    (``fetch``: a window downloads off the host's lane, then loads on it).
    """
    rep = _servable(host, loader, version, representation)
    parsed = loader.parse_options(options)
    if paths is None:
        paths = materialise(client, version, rep.name, progress)
    context = LoadContext(host, version, rep, paths, parsed, loader.name(), uuid.uuid4().hex,
                          fetch=_fetcher(client))
    container = _checked(loader(host).load(context), context)
    host.write_container(container.to_data())
    return container


def fetch(client, host: Host, loader: type[Loader], version: VersionPublic, representation: str, *,
          progress: ProgressCallback | None = None) -> list[Path]:
    """The network half of ``load``: the representation's files materialised, checked first that ``loader``
    serves it (nothing is downloaded for a load that would be refused). Touches no scene."""
    rep = _servable(host, loader, version, representation)
    return materialise(client, version, rep.name, progress)


def update(client, host: Host, loader: type[Loader], container: Container, version: VersionPublic, *,
           paths: list[Path] | None = None, progress: ProgressCallback | None = None,
           notes: list[str] | None = None) -> Container:
    """Switch ``container`` to ``version`` in place (same representation); the updated container.

    ``paths`` are the version's materialised files when the caller already has them (a batch update
    fetches each version once); ``notes`` receives what the loader said the artist should know.
    """
    rep = find_representation(version, container.representation)
    if paths is None:
        paths = materialise(client, version, rep.name, progress)
    context = LoadContext(host, version, rep, paths, None, loader.name(), container.id, fetch=_fetcher(client))
    updated = _checked(loader(host).update(container, context), context)
    host.write_container(updated.to_data())
    if notes is not None:
        notes.extend(context.notes)
    return updated


def remove(host: Host, loader: type[Loader], container: Container) -> None:
    """Take what ``container`` loaded out of the scene, then forget the container."""
    loader(host).remove(container)
    host.remove_container(container.id)


def _fetcher(client):
    """``LoadContext.fetch``: a pinned reference's files materialised (its representation, else its first)."""
    def fetch(reference: str) -> list[Path]:
        version = client.version(reference)
        wanted = Reference.parse(reference).representation
        rep = find_representation(version, wanted) if wanted else version.representations[0]
        return materialise(client, version, rep.name)
    return fetch


def _servable(host: Host, loader: type[Loader], version: VersionPublic, representation: str) -> RepresentationPublic:
    """The representation ``loader`` is asked to load, once it is known to exist and be served in ``host``."""
    rep = find_representation(version, representation)
    _check_serves(host, loader, version, rep)
    return rep


def _check_serves(host: Host, loader: type[Loader], version: VersionPublic, rep: RepresentationPublic) -> None:
    if not loader.serves(host=host.name, kind=version.kind, representation=rep.name):
        raise InvalidInput(f"{loader.name()} does not load {version.kind!r} / {rep.name!r} in {host.name!r}; "
                           "choose one of the loaders offered for it",
                           detail={"loader": loader.name(), "kind": version.kind, "representation": rep.name})


def _checked(container: Any, context: LoadContext) -> Container:
    if not isinstance(container, Container):
        raise TypeError(f"{context.loader} must return a Container (use context.make_container), "
                        f"not {type(container).__name__}")
    if container.id != context.container_id or container.version_id != context.version.id:
        raise TypeError(f"{context.loader} returned a container for another id or version; "
                        "build it with context.make_container")
    return container
