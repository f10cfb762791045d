"""What every fake Resolve object shares: release gating, call counting, no hashing.

Real Resolve objects are opaque ``PyRemoteObject`` proxies. Three of their traits matter to an
integration and are reproduced here:

- a method the running release does not have raises ``AttributeError`` and is absent from ``dir()``
  (each class lists when its newer methods arrived in ``_since``, dated from the official README);
- proxies are not hashable (identity goes through ``GetUniqueId()``);
- every call crosses a process boundary, so the fake counts them (``app.calls``) for tests and
  benchmarks that check an integration does not walk the whole project.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .app import FakeResolve

Release = tuple[int, int, int]
_ids = itertools.count(1)


def parse_release(text: str) -> Release:
    """``"19.0.2"`` → ``(19, 0, 2)``; missing parts are 0."""
    parts = [int(p) for p in text.split(".")[:3]]
    major, minor, patch = (parts + [0, 0, 0])[:3]
    return (major, minor, patch)


def new_id(prefix: str) -> str:
    """A unique id in the shape Resolve hands out (opaque strings, never reused)."""
    return f"{prefix}-{next(_ids):06d}-fake"


class Remote:
    """Base of the fake proxies. ``_since`` maps a method name to the release that added it."""

    _since: ClassVar[dict[str, Release]] = {}
    _app: FakeResolve

    def __getattribute__(self, name: str) -> Any:
        if name[:1].isupper():
            app = object.__getattribute__(self, "_app")
            since = type(self)._since.get(name)
            if since is not None and app.release < since:
                raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}' "
                                     f"(added in Resolve {'.'.join(map(str, since))}; this is {app.version_string})")
            app.calls += 1
        return object.__getattribute__(self, name)

    def __dir__(self) -> list[str]:
        app = object.__getattribute__(self, "_app")
        return [n for n in super().__dir__() if type(self)._since.get(n, (0, 0, 0)) <= app.release]

    __hash__ = None  # type: ignore[assignment]  # proxies are not hashable: use GetUniqueId()

    def _newer_than(self, release: Release) -> bool:
        return object.__getattribute__(self, "_app").release >= release
