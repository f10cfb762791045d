"""What every fake Resolve object shares: fresh proxies, release gating, call counting, no hashing.

Real Resolve objects are opaque ``PyRemoteObject`` proxies. Their traits that matter to an
integration are reproduced here:

- every call answers a *fresh* proxy (two calls for the same clip give two objects: ``a is b`` is
  False, they are not hashable, and identity goes only through ``GetUniqueId()``);
- the proxy of a deleted clip, timeline or timeline item, or of a closed project or anything in it
  (``_home``: the project an object belongs to), answers None to every call;
- a method the running release does not have raises ``AttributeError`` and is absent from ``dir()``
  (each class lists when its newer methods arrived in ``_since``, dated from the official README);
- every call crosses a process boundary, so the fake counts them (``app.calls``) for tests and
  benchmarks that check an integration does not walk the whole project.

Inside the fake, objects are the plain ``Remote`` instances; a proxy wraps one on its way out of
an API call and is unwrapped on its way back in (also inside lists and dicts, e.g. a clipInfo).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
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


class Proxy:
    """One answer of the API: forwards to the fake object behind it. Never the same object twice."""

    __slots__ = ("_target",)
    __hash__ = None  # type: ignore[assignment]  # proxies are not hashable: use GetUniqueId()

    def __init__(self, target: Remote) -> None:
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "_target"), name)

    def __setattr__(self, name: str, value: Any) -> None:  # tests drive the fake through its proxies
        setattr(object.__getattribute__(self, "_target"), name, value)

    def __dir__(self) -> list[str]:
        return dir(object.__getattribute__(self, "_target"))

    def __repr__(self) -> str:
        return f"<PyRemoteObject {type(object.__getattribute__(self, '_target')).__name__}>"


def unwrap(value: Any) -> Any:
    """The fake objects behind ``value``'s proxies (lists, tuples and dict values too)."""
    if isinstance(value, Proxy):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    if isinstance(value, tuple):
        return tuple(unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def wrap(value: Any) -> Any:
    """A fresh proxy for every fake object in ``value``."""
    if isinstance(value, Remote):
        return Proxy(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    if isinstance(value, dict):
        return {k: wrap(v) for k, v in value.items()}
    return value


def _answer_none(*args: Any, **kwargs: Any) -> None:
    return None


class Remote:
    """Base of the fake objects. ``_since`` maps a method name to the release that added it."""

    _since: ClassVar[dict[str, Release]] = {}
    _app: FakeResolve
    _home: Any  # the project it belongs to (set on creation; absent on the app and project manager)

    def __getattribute__(self, name: str) -> Any:
        if not name[:1].isupper():
            return object.__getattribute__(self, name)
        app = object.__getattribute__(self, "_app")
        since = type(self)._since.get(name)
        if since is not None and app.release < since:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}' "
                                 f"(added in Resolve {'.'.join(map(str, since))}; this is {app.version_string})")
        method = object.__getattribute__(self, name)
        app.calls += 1
        home = object.__getattribute__(self, "__dict__").get("_home")  # the project it belongs to
        if object.__getattribute__(self, "_gone")() or (home is not None and home._closed):
            return _answer_none
        return _crossing(method) if callable(method) else method

    def __dir__(self) -> list[str]:
        app = object.__getattribute__(self, "_app")
        return [n for n in super().__dir__() if type(self)._since.get(n, (0, 0, 0)) <= app.release]

    __hash__ = None  # type: ignore[assignment]  # proxies are not hashable: use GetUniqueId()

    def _gone(self) -> bool:
        """Whether this object was deleted (or its project closed): its every call then answers None."""
        return False

    def _newer_than(self, release: Release) -> bool:
        return object.__getattribute__(self, "_app").release >= release


def _crossing(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` as a script calls it: proxies in, fresh proxies out."""
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return wrap(method(*unwrap(args), **unwrap(kwargs)))
    return call
