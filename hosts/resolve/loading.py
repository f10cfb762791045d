"""Load an asset into Resolve by name: the latest **approved** version unless told otherwise, with the
first loader (and representation) that takes it — or a clear refusal when nothing in Resolve can.

    >>> load_asset(client, host, resolve_loaders(), "brickyard://film/plates/sh010_plate")
    Container(reference='brickyard://film/plates/sh010_plate?version=3&representation=mov', ...)
"""

from __future__ import annotations

from typing import Any

from brickyard.core.container import Container
from brickyard.core.errors import InvalidInput
from brickyard.core.host import Host
from brickyard.core.load import LoaderRegistry, load
from brickyard.core.reference import Reference

from .kinds import refusal


def load_asset(client: Any, host: Host, loaders: LoaderRegistry, asset: str | Reference, *,
               version: int | str = "approved", representation: str | None = None, loader: str | None = None,
               options: dict[str, Any] | None = None) -> Container:
    """Load ``asset`` (a reference; its own version is ignored unless ``version`` is None).

    ``version``: "approved" (the default: the latest approved one), "latest" or a number.
    """
    ref = Reference.parse(str(asset))
    if version is not None:
        ref = ref.with_version(version)
    found = client.version(ref.with_representation(None))
    names = [r.name for r in found.representations]
    wanted = [representation] if representation else ([ref.representation] if ref.representation else names)
    choices = [(cls, rep) for rep in wanted for cls in loaders.serving(kind=found.kind, representation=rep)
               if loader is None or cls.name() == loader]
    if not choices:
        if loader or representation or ref.representation:
            raise InvalidInput(f"{loader or 'no Resolve loader'} does not load {found.reference} "
                               f"({found.kind}, {representation or ref.representation or names}); "
                               f"choose among {[c.name() for c in loaders.all()]}")
        raise refusal(found.kind, names)
    cls, rep = min(choices, key=lambda pair: pair[0].order)
    return load(client, host, cls, found, rep, options=options)
