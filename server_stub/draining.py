"""A uvicorn server that stops gracefully: uploads in flight finish, endless event streams end at once."""

from __future__ import annotations

import threading

import uvicorn


class DrainingServer(uvicorn.Server):
    """On SIGINT/SIGTERM uvicorn stops accepting connections and lets requests in flight (uploads) finish
    within ``timeout_graceful_shutdown``; this also sets ``stopping``, which event streams watch, so they
    end now instead of holding the stop for the whole grace period."""

    def __init__(self, config: uvicorn.Config, stopping: threading.Event):
        super().__init__(config)
        self.stopping = stopping

    def handle_exit(self, sig, frame) -> None:
        self.stopping.set()
        super().handle_exit(sig, frame)
