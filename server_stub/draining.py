"""A uvicorn server that stops gracefully: uploads in flight finish, endless event streams end at once."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn


class DrainingServer(uvicorn.Server):
    """On SIGINT/SIGTERM uvicorn stops accepting connections and lets requests in flight (uploads) finish
    within ``timeout_graceful_shutdown``; ``on_stop`` also tells event streams to end now, instead of
    holding the stop for the whole grace period."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None]):
        super().__init__(config)
        self.on_stop = on_stop

    def handle_exit(self, sig, frame) -> None:
        self.on_stop()
        super().handle_exit(sig, frame)
