"""Publish instances: what to publish, as a creator marked it and the workfile keeps it.

Like a container, an instance outlives the process (it is saved in the workfile), so it carries a
schema version; one this code cannot read is reported, never rewritten.

    >>> spec = InstanceSpec(creator="files", asset="hero", kind="model", representations={"blend": ["hero.blend"]})
    >>> host.save_instance(spec.to_data())
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

INSTANCE_SCHEMA = "brickyard/instance/1"


class InstanceSpec(BaseModel):
    """One thing to publish and its options: asset, folder, kind, representations, comment, status."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: Literal["brickyard/instance/1"] = Field("brickyard/instance/1", alias="schema")
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1)
    creator: str
    label: str = ""
    asset: str
    folder: str = ""
    kind: str
    # representation name → files or folders; extractors may fill it at publish time instead
    representations: dict[str, list[str]] = Field(default_factory=dict)
    comment: str = ""
    status: Literal["wip", "review"] = "wip"
    tags: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)
    active: bool = True
    thumbnail: str = ""  # an image to show for the version (a path); hosts' extractors may make one instead
    host_data: dict[str, Any] = Field(default_factory=dict)  # what the creator marked in the scene

    @property
    def title(self) -> str:
        """How reports and views name it: its label, else ``folder/asset``."""
        return self.label or (f"{self.folder}/{self.asset}" if self.folder else self.asset)

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class UnreadableInstance(ValueError):
    """Instance data this code cannot use (a newer schema or broken data); the data is left as it is."""

    def __init__(self, data: dict[str, Any], reason: str):
        super().__init__(f"publish instance {data.get('id', '?')!r} cannot be read: {reason}")
        self.data = data
        self.reason = reason


def parse_instance(data: dict[str, Any]) -> InstanceSpec:
    """An ``InstanceSpec``; ``UnreadableInstance`` saying why when the data is not one."""
    schema = str(data.get("schema", ""))
    if schema != INSTANCE_SCHEMA:
        newer = schema.startswith("brickyard/instance/")
        raise UnreadableInstance(data, f"schema {schema!r} is " + (
            f"newer than this Brickyard understands ({INSTANCE_SCHEMA}); update Brickyard"
            if newer else "not a Brickyard publish instance"))
    try:
        return InstanceSpec.model_validate(data)
    except ValidationError as exc:
        raise UnreadableInstance(data, str(exc)) from None
