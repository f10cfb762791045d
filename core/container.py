"""Containers: what a host records on everything it loaded, so it can be found, checked and switched.

A container is the ``brickyard/container/1`` schema of DESIGN.md §3. It outlives the process (it is
saved in workfiles), so it carries its schema version: an older one is upgraded step by step when read;
a newer one this code does not know is kept exactly as found and reported, never rewritten.

    >>> found = parse_container(host.read_container(container_id))
    >>> isinstance(found, Container) and found.version
    3

The committed JSON schema is docs/schemas/container-1.json; refresh it with
``python -m brickyard.core.container > docs/schemas/container-1.json``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .reference import Reference

SCHEMA_PREFIX = "brickyard/container/"
CURRENT_VERSION = 1
CONTAINER_SCHEMA = f"{SCHEMA_PREFIX}{CURRENT_VERSION}"
_SCHEMA = re.compile(r"^brickyard/container/(\d+)$")

# One function per step, ``{n: upgrade from n to n + 1}``; empty until version 2 exists.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Container(BaseModel):
    """One loaded thing: which pinned version and representation it came from, and who loaded it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["brickyard/container/1"] = Field("brickyard/container/1", alias="schema")
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1)
    reference: str = Field(description="reference pinned to the loaded version and representation")
    asset_id: int
    version_id: int
    representation: str
    loader: str = Field(description="the class name of the loader that loaded it")
    name: str = Field(description="the name of the loaded thing in the scene")
    namespace: str = ""

    @field_validator("reference")
    @classmethod
    def _pinned(cls, value: str) -> str:
        ref = Reference.parse(value)
        if not isinstance(ref.version, int):
            raise ValueError(f"a container's reference must pin a version number, not {ref.version!r}")
        return value

    @property
    def ref(self) -> Reference:
        return Reference.parse(self.reference)

    @property
    def version(self) -> int:
        """The loaded version number (containers always pin one)."""
        return int(self.ref.version)

    def to_data(self) -> dict[str, Any]:
        """The JSON-able dict a host imprints."""
        return self.model_dump(mode="json", by_alias=True)


@dataclass(frozen=True)
class UnreadableContainer:
    """A container this code cannot use: a newer schema, or broken data. ``data`` is kept untouched."""

    data: dict[str, Any]
    reason: str

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))


def schema_version(data: dict[str, Any]) -> int | None:
    match = _SCHEMA.match(str(data.get("schema", "")))
    return int(match[1]) if match else None


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` brought to the current schema by the step functions (a copy; the input is not changed)."""
    version = schema_version(data)
    if version is None or version > CURRENT_VERSION:
        raise ValueError(f"cannot upgrade schema {data.get('schema')!r}")
    data = dict(data)
    while version < CURRENT_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["schema"] = f"{SCHEMA_PREFIX}{version}"
    return data


def parse_container(data: dict[str, Any]) -> Container | UnreadableContainer:
    """A ``Container``, upgraded if older; an ``UnreadableContainer`` saying why when it cannot be used."""
    version = schema_version(data)
    if version is None:
        return UnreadableContainer(data, f"not a Brickyard container (schema {data.get('schema')!r})")
    if version > CURRENT_VERSION:
        return UnreadableContainer(data, f"schema {data['schema']!r} is newer than this Brickyard "
                                         f"understands ({CONTAINER_SCHEMA}); update Brickyard to manage it")
    if version < CURRENT_VERSION and any(v not in UPGRADES for v in range(version, CURRENT_VERSION)):
        return UnreadableContainer(data, f"no upgrade from {data['schema']!r} to {CONTAINER_SCHEMA}")
    try:
        return Container.model_validate(upgrade(data))
    except (ValidationError, ValueError) as exc:
        return UnreadableContainer(data, f"broken container data: {exc}")


def json_schema() -> dict[str, Any]:
    """The container's JSON schema, as committed in docs/schemas/container-1.json."""
    schema = Container.model_json_schema(by_alias=True)
    schema["$id"] = CONTAINER_SCHEMA
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(json_schema_text(), end="")
