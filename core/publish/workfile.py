"""Publish the instances saved in a workfile, headless (a farm job, the CLI, a script).

    >>> report = publish_workfile(client, ReferenceHost("shot.json"), plugin_paths=[])
    >>> report.passed, report.published
    (True, ['brickyard://film/shots/sh010?version=4'])
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..host import Host
from ..progress import ProgressCallback
from .discovery import discover_publish_plugins
from .report import PublishReport
from .session import PublishSession, StepCallback


def publish_workfile(client, host: Host, *, plugin_paths: Iterable[str | os.PathLike] = (),
                     validate_only: bool = False, progress: ProgressCallback | None = None,
                     on_step: StepCallback | None = None) -> PublishReport:
    """Run the core plugins and ``plugin_paths``' over every active instance of ``host``'s workfile."""
    plugins = discover_publish_plugins(host.name, plugin_paths)
    if plugins.failures:
        broken = "; ".join(f"{path}: {error}" for path, error in plugins.failures.items())
        raise RuntimeError(f"publish plugins failed to load ({broken}); fix them before publishing")
    session = PublishSession(client, host, plugins)
    return session.run(validate_only=validate_only, progress=progress, on_step=on_step)
