"""The committed OpenAPI document is the API's contract: code and document must not drift apart."""

from __future__ import annotations

from pathlib import Path

from brickyard.server.openapi import openapi_text

GOLDEN = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "openapi.json"


def test_committed_openapi_matches_the_code():
    assert openapi_text() == GOLDEN.read_text(), (
        "the API changed: review the difference, then refresh the contract with "
        "`python -m brickyard.server.openapi > docs/schemas/openapi.json` and commit it")
