"""Asset names from what artists call their collections, in any script.

A name with Latin letters or digits is spelled in lower snake case (``Hero Rig`` → ``hero_rig``). One
without (``Сундук``, ``宝箱``) is transliterated when the optional ``anyascii`` package is importable in
Blender's Python (bundle it in the extension or pip-install it there) — ``sunduk`` — and refused
otherwise with what to do: two such collections must never fall back to one shared name.
"""

from __future__ import annotations

import re

from brickyard.core.errors import InvalidInput
from brickyard.core.naming import suggest_name


def transliterate(name: str) -> str | None:
    """``name`` in ASCII by ``anyascii`` when installed; None without it."""
    try:
        from anyascii import anyascii  # optional: the core takes no dependency for it
    except ImportError:
        return None
    return anyascii(name)


def asset_name(name: str) -> str:
    """The asset name suggested for a collection, camera or object called ``name``."""
    if re.search(r"[A-Za-z0-9]", name):
        return suggest_name(name)
    latin = transliterate(name)
    if latin and re.search(r"[A-Za-z0-9]", latin):
        return suggest_name(latin)
    raise InvalidInput(f"{name!r} has no Latin letters or digits to name an asset after; type the asset's name "
                       "(Add to publish › Asset), or install the optional 'anyascii' package into Blender's "
                       "Python to transliterate names", detail={"name": name})
