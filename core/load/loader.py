"""The loader plugin: what it serves (kinds, representations, hosts) and how it loads, updates, removes.

A loader decides *how* a file enters the scene; which version, and whether it is outdated, is the
core's call. It gets everything as arguments — the resolved version, the representation, the local
files, the host and the options — and returns the container to imprint.

    class LoadImage(Loader):
        label = "Load image"
        kinds = ["image", "concept"]
        representations = ["png", "jpg", "exr"]

        def load(self, context):
            node = context.host.add_image(context.paths[0])
            return context.make_container(name=node.name)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError

from ..container import Container
from ..errors import InvalidInput
from ..host import Host
from ..models import RepresentationPublic, VersionPublic
from ..reference import Reference


@dataclass(frozen=True)
class LoadContext:
    """What a loader gets for one load or update: all resolved, all local."""

    host: Host
    version: VersionPublic
    representation: RepresentationPublic
    paths: list[Path]  # the representation's files, materialised under the library root
    options: Any  # an instance of the loader's ``Options`` model, or None
    loader: str
    container_id: str  # the id the container must keep (new for a load, the same for an update)
    notes: list[str] = field(default_factory=list)  # what the artist should know of a load that worked
    # Materialise another version by its pinned reference (one of ``version.inputs``, e.g. a library the
    # loaded .blend links) on this machine; the local files. None where no client is at hand.
    fetch: Callable[[str], list[Path]] | None = None

    def note(self, text: str) -> None:
        """Tell the artist something about this load or update (kept, skipped, to do by hand) without failing it."""
        self.notes.append(text)

    @property
    def reference(self) -> Reference:
        """The reference pinned to this version and representation."""
        return Reference(self.version.project, self.version.folder, self.version.asset, self.version.number,
                         self.representation.name)

    def make_container(self, *, name: str, namespace: str = "") -> Container:
        return Container(id=self.container_id, reference=str(self.reference), asset_id=self.version.asset_id,
                         version_id=self.version.id, representation=self.representation.name,
                         loader=self.loader, name=name, namespace=namespace)


class Loader:
    """Base loader. Subclasses set the class attributes and implement ``load``, ``update``, ``remove``."""

    label: ClassVar[str] = ""
    kinds: ClassVar[list[str]] = ["*"]
    representations: ClassVar[list[str]] = ["*"]
    hosts: ClassVar[list[str]] = ["*"]
    order: ClassVar[int] = 0
    default_for: ClassVar[list[str]] = []  # kinds this loader is offered first for, whatever its order
    Options: ClassVar[type[BaseModel] | None] = None  # the load options, a pydantic model

    def __init__(self, host: Host):
        self.host = host

    @classmethod
    def name(cls) -> str:
        return cls.__name__

    @classmethod
    def serves(cls, *, host: str, kind: str, representation: str) -> bool:
        return all("*" in allowed or value in allowed for allowed, value in
                   ((cls.hosts, host), (cls.kinds, kind), (cls.representations, representation)))

    @classmethod
    def options_schema(cls) -> dict[str, Any] | None:
        """The JSON schema of the options, for a view to draw a form; None without options."""
        return cls.Options.model_json_schema() if cls.Options else None

    @classmethod
    def parse_options(cls, options: dict[str, Any] | None) -> Any:
        if cls.Options is None:
            if options:
                raise InvalidInput(f"{cls.name()} takes no options (got {sorted(options)})")
            return None
        try:
            return cls.Options.model_validate(options or {})
        except ValidationError as exc:
            raise InvalidInput(f"bad options for {cls.name()}: {exc}", detail={"errors": exc.errors()}) from None

    def load(self, context: LoadContext) -> Container:
        """Bring ``context.paths`` into the scene; return ``context.make_container(name=...)``."""
        raise NotImplementedError

    def update(self, container: Container, context: LoadContext) -> Container:
        """Point what ``container`` loaded at ``context``'s version in place, keeping the artist's changes."""
        raise NotImplementedError

    def remove(self, container: Container) -> None:
        """Take what ``container`` loaded out of the scene (the container itself is removed by the core)."""
        raise NotImplementedError
