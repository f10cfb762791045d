"""The container schema: round trips, pinned references, newer schemas kept, the golden JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from brickyard.core.container import (
    CONTAINER_SCHEMA,
    Container,
    UnreadableContainer,
    json_schema_text,
    parse_container,
)
from pydantic import ValidationError

GOLDEN = Path(__file__).resolve().parents[3] / "docs" / "schemas" / "container-1.json"


def sample(**changes):
    data = {"schema": CONTAINER_SCHEMA, "id": "c1", "reference": "brickyard://film/chars/hero?version=3&representation=blend",
            "asset_id": 7, "version_id": 21, "representation": "blend", "loader": "LoadFile",
            "name": "hero_blend", "namespace": "chars"}
    data.update(changes)
    return data


def test_round_trip_keeps_every_field():
    container = parse_container(sample())
    assert isinstance(container, Container)
    assert container.to_data() == sample()
    assert container.version == 3 and container.ref.representation == "blend"


def test_a_new_container_gets_an_id_and_the_current_schema():
    data = Container(reference="brickyard://film/hero?version=1", asset_id=1, version_id=1,
                     representation="png", loader="LoadFile", name="hero").to_data()
    assert data["schema"] == CONTAINER_SCHEMA and len(data["id"]) == 32


def test_reference_must_pin_a_version():
    with pytest.raises(ValidationError, match="pin a version number"):
        Container.model_validate(sample(reference="brickyard://film/hero?version=latest"))
    assert isinstance(parse_container(sample(reference="brickyard://film/hero?version=approved")),
                      UnreadableContainer)


def test_a_newer_schema_is_kept_as_found_and_reported():
    data = sample(schema="brickyard/container/2", new_field={"x": 1})
    found = parse_container(data)
    assert isinstance(found, UnreadableContainer)
    assert found.data == data and found.id == "c1"
    assert "newer" in found.reason and "update Brickyard" in found.reason


def test_foreign_and_broken_data_are_reported_not_raised():
    assert "not a Brickyard container" in parse_container({"schema": "ayon:container-3.0"}).reason
    broken = parse_container(sample(asset_id="seven"))
    assert isinstance(broken, UnreadableContainer) and "broken" in broken.reason


def test_committed_json_schema_matches_the_model():
    assert GOLDEN.exists(), "refresh with: python -m brickyard.core.container > docs/schemas/container-1.json"
    assert json.loads(GOLDEN.read_text()) == json.loads(json_schema_text()), (
        "docs/schemas/container-1.json is stale; refresh it with "
        "`python -m brickyard.core.container > docs/schemas/container-1.json`")
