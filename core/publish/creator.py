"""Creators: mark what to publish in the scene and keep its options in the workfile, through the host.

A host's creator overrides ``mark`` to tag what it publishes (a collection, a timeline range, an
asset) and returns what it needs to find it again; the rest is here.

    >>> spec = FilesCreator().create(host, asset="hero", kind="model",
    ...                              representations={"blend": ["/work/hero.blend"]})
    >>> FilesCreator().update(host, spec.id, status="review", comment="ready for a look")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from ..errors import NotFound
from ..host import Host
from .instance import InstanceSpec, parse_instance


class Creator:
    """Base creator: ``create``, ``update`` and ``remove`` publish instances saved by the host."""

    label: ClassVar[str] = ""
    kind: ClassVar[str] = ""  # the default kind of what it creates
    hosts: ClassVar[list[str]] = ["*"]

    @classmethod
    def identifier(cls) -> str:
        return cls.__name__

    def mark(self, host: Host, spec: InstanceSpec) -> dict[str, Any]:
        """Tag what ``spec`` publishes in the scene; what to keep in ``spec.host_data``. Nothing here."""
        return dict(spec.host_data)

    def create(self, host: Host, *, asset: str | None = None, folder: str | None = None, kind: str | None = None,
               representations: Mapping[str, Sequence[str]] | None = None, comment: str = "",
               status: Literal["wip", "review"] = "wip", tags: Sequence[str] = (),
               metadata: Mapping[str, Any] | None = None, label: str = "",
               host_data: Mapping[str, Any] | None = None) -> InstanceSpec:
        """A new instance (asset and folder default to the host's context), saved in the workfile."""
        context = host.context()
        spec = InstanceSpec(
            creator=self.identifier(), label=label, asset=asset if asset is not None else context.asset,
            folder=folder if folder is not None else context.folder, kind=kind or self.kind,
            representations={name: [str(p) for p in paths] for name, paths in (representations or {}).items()},
            comment=comment, status=status, tags=list(tags), metadata=dict(metadata or {}),
            host_data=dict(host_data or {}))
        spec = spec.model_copy(update={"host_data": self.mark(host, spec)})
        host.save_instance(spec.to_data())
        return spec

    def update(self, host: Host, instance_id: str, **changes: Any) -> InstanceSpec:
        """Change options of a saved instance (validated like a new one) and save it."""
        spec = find_instance(host, instance_id)
        updated = InstanceSpec.model_validate({**spec.model_dump(by_alias=True), **changes})
        host.save_instance(updated.to_data())
        return updated

    def remove(self, host: Host, instance_id: str) -> None:
        host.remove_instance(instance_id)


class FilesCreator(Creator):
    """Publishes files named by path: works in any host (the reference host, the CLI, a script)."""

    label = "Files"


def find_instance(host: Host, instance_id: str) -> InstanceSpec:
    for data in host.list_instances():
        if data.get("id") == instance_id:
            return parse_instance(data)
    raise NotFound(f"the workfile has no publish instance {instance_id!r}; refresh the instance list",
                   detail={"instance": instance_id})
