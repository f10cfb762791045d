"""How the CLI reads the references users type: the full form, or the short one ``ls`` prints.

``demo/looks/warm_grade`` means ``brickyard://demo/looks/warm_grade``; ``?version=`` and
``&representation=`` may follow either. The one rule for a missing version: commands that fetch or
load (``get``, ``scene load``) take the latest *approved* version, as the Loader does; commands that
show (``versions``, ``resolve``, ``status``, lineage) take the latest. Add ``?version=latest`` or a
number to say otherwise. A reference naming no asset gets the project's closest names suggested.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InvalidInput, NotFound
from ..reference import SCHEME, Reference

SHORT_HELP = "PROJECT/FOLDER/ASSET[?version=N|latest|approved] (as `brickyard ls` prints it) or brickyard://…"
FETCH_RULE = "without ?version= the latest approved version is used (as in the Loader); add ?version=latest " \
             "for the newest, wip included"


def parse(text: str, *, default_version: str = "latest") -> Reference:
    """``text`` in the full or short form; ``default_version`` when it names none."""
    full = text.strip() if "://" in text else f"{SCHEME}://{text.strip().lstrip('/')}"
    try:
        reference = Reference.parse(full)
    except InvalidInput as exc:
        raise InvalidInput(exc.message.replace(repr(full), repr(text)).replace(
            "(expected brickyard://", "(expected PROJECT/FOLDER/ASSET or brickyard://"), detail=exc.detail) from None
    if "version=" not in full:
        reference = reference.with_version(default_version)
    return reference


def canonical(text: str, *, default_version: str = "latest") -> str:
    return str(parse(text, default_version=default_version))


def did_you_mean(client, text: str, error: NotFound) -> NotFound:
    """``error`` with the closest asset names of the reference's project added, when there are any."""
    try:
        reference = parse(text)
        paths = [a.folder + "/" + a.name if a.folder else a.name for a in client.assets(reference.project)]
    except Exception:  # a suggestion is a courtesy: never hide the real error behind another
        return error
    close = difflib.get_close_matches(reference.asset_path, paths, n=3, cutoff=0.6)
    if not close:
        return error
    names = " or ".join(f"{reference.project}/{p}" for p in close)
    return NotFound(f"{error.message}; did you mean {names}?", detail=error.detail)


@contextmanager
def suggesting(client, text: str) -> Iterator[None]:
    """Turn a "no asset" answer about ``text`` into one that suggests the closest names."""
    try:
        yield
    except NotFound as exc:
        if not exc.message.startswith("no asset"):
            raise
        raise did_you_mean(client, text, exc) from None
