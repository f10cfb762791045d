"""The one global of the pipeline: the host an application's entry point registered.

Only entry points (a Blender add-on's ``register``, Resolve's menu script, ``init_unreal.py``) use it
to hand their host to the controllers; the machinery always takes the host as an argument. Tests call
``reset()``.

    >>> register_host(BlenderHost())
    >>> registered_host().name
    'blender'
"""

from __future__ import annotations

from .host import Host

_registered: list[Host] = []


def register_host(host: Host) -> None:
    """Make ``host`` the application's host (replacing any other)."""
    _registered[:] = [host]


def registered_host() -> Host:
    """The registered host; ``RuntimeError`` naming the fix when none was registered."""
    if not _registered:
        raise RuntimeError("no Brickyard host is registered; the application's entry point must call "
                           "register_host(...) (e.g. the add-on's install())")
    return _registered[0]


def reset() -> None:
    """Forget the registered host."""
    _registered.clear()
