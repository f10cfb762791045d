"""Where the CLI's libraries log: a file, never the terminal.

pyblish logs every failing plugin's traceback; the CLI already prints what failed in one line, so the
tracebacks go to ``BRICKYARD_LOG`` (default ``brickyard.log`` in the user's log folder) for whoever
needs to dig.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

from ..config import APP_NAME

LIBRARY_LOGGERS = ("pyblish",)


def log_path() -> Path:
    explicit = os.environ.get("BRICKYARD_LOG")
    return Path(explicit) if explicit else Path(platformdirs.user_log_dir(APP_NAME)) / "brickyard.log"


class _LazyFileHandler(logging.FileHandler):
    """Creates the log's folder and file only when something is written."""

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is None:
            try:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return  # an unwritable log folder must never fail a command
        super().emit(record)


def route_library_logs() -> Path:
    """Send the libraries' warnings and tracebacks to the log file instead of stderr; its path.

    Records still propagate (to pytest's capture, say); with a handler in the chain Python no longer
    falls back to printing them on stderr.
    """
    path = log_path()
    handler = _LazyFileHandler(path, delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, _LazyFileHandler) for h in logger.handlers):
            logger.addHandler(handler)
    return path
