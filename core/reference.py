"""Asset references: ``brickyard://<project>/<folder>/<asset>?version=<n|latest|approved>&representation=<r>``.

What containers store, what the CLI accepts and what ``resolve`` answers in bulk::

    >>> ref = Reference.parse("brickyard://film/characters/hero?version=approved")
    >>> (ref.project, ref.folder, ref.asset, ref.version)
    ('film', 'characters', 'hero', 'approved')
    >>> str(ref.with_version(4))
    'brickyard://film/characters/hero?version=4'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .errors import InvalidInput
from .limits import INT_MAX, REFERENCE_MAX, control_characters

SCHEME = "brickyard"
VERSION_WORDS = ("latest", "approved")
# The form this module writes, with nothing escaped: parsed without urllib (resolve parses thousands).
_CANONICAL = re.compile(r"brickyard://([\w.-]+)/((?:[\w.-]+/)*)([\w.-]+)"
                        r"\?version=(latest|approved|[1-9][0-9]*)(?:&representation=([\w.-]+))?", re.ASCII)


@dataclass(frozen=True)
class Reference:
    project: str
    folder: str
    asset: str
    version: int | str = "latest"
    representation: str | None = None

    @classmethod
    def parse(cls, text: str) -> Reference:
        """Parse a reference; ``InvalidInput`` says what is wrong with a malformed one."""
        def bad(why: str) -> InvalidInput:
            return InvalidInput(f"{text!r} is not an asset reference: {why} "
                                f"(expected brickyard://PROJECT/FOLDER/ASSET?version=N|latest|approved)",
                                detail={"reference": text})

        if len(text) > REFERENCE_MAX:
            raise InvalidInput(f"an asset reference is at most {REFERENCE_MAX} characters; this one has "
                               f"{len(text)}", detail={"reference": text[:200]})
        fast = _CANONICAL.fullmatch(text)
        if fast:
            project, folder, asset, version_text, rep = fast.groups()
            return cls(project=project, folder=folder.rstrip("/"), asset=asset,
                       version=_number(version_text, bad) if version_text.isdigit() else version_text,
                       representation=rep)
        parts = urlsplit(text.strip())
        if parts.scheme != SCHEME:
            raise bad("it must start with brickyard://")
        if not parts.netloc:
            raise bad("the project is missing")
        segments = [unquote(s) for s in parts.path.split("/") if s]
        unsafe = control_characters(unquote(parts.netloc) + "".join(segments) + unquote(parts.query))
        if unsafe:
            raise bad(f"it holds control characters ({', '.join(unsafe)})")
        if not segments:
            raise bad("the asset is missing")
        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = set(query) - {"version", "representation"}
        if unknown:
            raise bad(f"unknown parameters {sorted(unknown)}")
        version: int | str = query.get("version", ["latest"])[-1] or "latest"
        if version not in VERSION_WORDS:
            version = _number(str(version), bad)
        representation = query.get("representation", [None])[-1] or None
        return cls(project=unquote(parts.netloc), folder="/".join(segments[:-1]), asset=segments[-1],
                   version=version, representation=representation)

    def with_version(self, version: int | str) -> Reference:
        return replace(self, version=version)

    def with_representation(self, representation: str | None) -> Reference:
        return replace(self, representation=representation)

    @property
    def asset_path(self) -> str:
        """``folder/asset`` (just ``asset`` at the project root)."""
        return f"{self.folder}/{self.asset}" if self.folder else self.asset

    def __str__(self) -> str:
        path = quote(self.asset_path, safe="/")
        text = f"{SCHEME}://{quote(self.project, safe='')}/{path}?version={self.version}"
        if self.representation:
            text += f"&representation={quote(self.representation, safe='')}"
        return text


def _number(text: str, bad) -> int:
    """A version number: ASCII digits only (``int`` would take '²' or '١'), 1 … INT_MAX."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= INT_MAX:
        raise bad(f"version {text[:40]!r} must be a whole number from 1 to {INT_MAX}, 'latest' or 'approved'")
    return int(text)
