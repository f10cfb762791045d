"""The one error derivation raises: its message is the reason a person reads on a failed preview."""

from __future__ import annotations


class MediaError(Exception):
    """The media cannot be previewed; ``str(exc)`` says what is wrong with it, in words.

    ``retry`` is False when trying again cannot help (a corrupt file stays corrupt)."""

    def __init__(self, message: str, *, retry: bool = False):
        super().__init__(message)
        self.retry = retry
