"""Print the server's OpenAPI document: ``python -m brickyard.server.openapi > docs/schemas/openapi.json``.

The committed copy is the API's contract; a test fails when the code and the copy drift apart.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .app import create_app
from .settings import Settings


def openapi_text() -> str:
    """The document for a throw-away app (a temp data folder: nothing of a real server is touched)."""
    with tempfile.TemporaryDirectory() as data:
        app = create_app(Settings(data_dir=Path(data), database_url=f"sqlite:///{data}/openapi.db"))
        try:
            return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"
        finally:
            app.state.engine.dispose()


if __name__ == "__main__":
    print(openapi_text(), end="")
