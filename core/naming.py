"""Naming rules: one module checks names and lays out file paths, for the client and the server alike.

A project's rules are a regular expression every asset name and folder segment must match, and a
template for where a version's files are laid out under the library root::

    >>> rules = NamingRules()
    >>> check_asset_name(rules, "hero_rig")
    >>> layout_path(rules, folder="characters", asset="hero_rig", version=3,
    ...             representation="blend", filename="hero_rig.blend")
    'characters/hero_rig/v003/hero_rig_v003.blend'
"""

from __future__ import annotations

import posixpath
import re
import string

from .errors import NamingError
from .limits import PATH_PART_MAX_BYTES, control_characters
from .models import NamingRules

TEMPLATE_FIELDS = {"project", "folder", "asset", "kind", "version", "representation", "ext"}
# A '-' right after a letter or digit separates (plate-1001.png is frame 1001); elsewhere it is a sign.
_FRAME = re.compile(r"^(?P<stem>.*?)(?P<frame>(?<![A-Za-z0-9])-?\d+|\d+)\.(?P<ext>[A-Za-z0-9]+)$")


def _violation(rule: str, name: str, message: str) -> NamingError:
    return NamingError(message, detail={"rule": rule, "name": name})


def _check_plain(name: str, what: str) -> None:
    if not name:
        raise _violation("not_empty", name, f"the {what} name is empty; give it a name")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name:
        raise _violation("no_path_separators", name,
                         f"the {what} name {name!r} contains a path separator or '..'; "
                         "use a plain name (put hierarchy in the folder)")


def check_asset_name(rules: NamingRules, name: str) -> None:
    """Raise ``NamingError`` naming the rule and the name when ``name`` may not be an asset name."""
    _check_plain(name, "asset")
    if not re.fullmatch(rules.name_pattern, name):
        raise _violation("name_pattern", name,
                         f"the asset name {name!r} does not match the project's naming rule "
                         f"{rules.name_pattern!r} ({rules.description}); rename it, e.g. "
                         f"{suggest_name(name)!r}")


def check_folder(rules: NamingRules, folder: str) -> None:
    """A folder is ``/``-separated segments, each following the name rule; ``""`` is the root."""
    if folder == "":
        return
    if folder.startswith("/") or folder.endswith("/") or "\\" in folder or "//" in folder:
        raise _violation("folder_path", folder,
                         f"the folder {folder!r} must be relative segments separated by single '/' "
                         "(e.g. 'characters/hero')")
    for segment in folder.split("/"):
        if segment in (".", "..") or not re.fullmatch(rules.name_pattern, segment):
            raise _violation("folder_pattern", folder,
                             f"the folder segment {segment!r} in {folder!r} does not match the "
                             f"project's naming rule {rules.name_pattern!r} ({rules.description})")


def check_path(rules: NamingRules, folder: str, asset: str) -> None:
    """Check a folder and asset name together; one ``NamingError`` lists every bad part and the fix.

        >>> check_path(NamingRules(), "Looks/Warm Grades", "Cool-Grade")
        Traceback (most recent call last):
        NamingError: 3 names do not match ...: 'Looks', 'Warm Grades' (folder), 'Cool-Grade' (asset); ...
    """
    _check_plain(asset, "asset")
    if folder and (folder.startswith("/") or folder.endswith("/") or "\\" in folder or "//" in folder
                   or any(s in (".", "..") for s in folder.split("/"))):
        check_folder(rules, folder)  # the structural message, with its own rule
    segments = folder.split("/") if folder else []
    bad = [(s, "folder") for s in segments if not re.fullmatch(rules.name_pattern, s)]
    if not re.fullmatch(rules.name_pattern, asset):
        bad.append((asset, "asset"))
    if not bad:
        return
    folder_bad = any(what == "folder" for _, what in bad)  # a good folder need not be repeated in the fix
    fixed = "/".join(([suggest_name(s) for s in segments] if folder_bad else []) + [suggest_name(asset)])
    listed = ", ".join(f"{name!r} ({what})" for name, what in bad)
    count = "1 name does" if len(bad) == 1 else f"{len(bad)} names do"
    raise NamingError(f"{count} not match the project's naming rule {rules.name_pattern!r} "
                      f"({rules.description}): {listed}; rename to {fixed!r}",
                      detail={"rule": "name_pattern" if bad[0][1] == "asset" else "folder_pattern",
                              "name": bad[0][0] if bad[0][1] == "asset" else folder,
                              "parts": [name for name, _ in bad], "suggestion": fixed})


def suggest_name(name: str) -> str:
    """A lower snake case spelling of ``name`` to suggest in error messages and repairs."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    cleaned = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    if cleaned and cleaned[0].isdigit():
        cleaned = "a" + cleaned
    return cleaned or "asset"


def check_template(template: str) -> None:
    """Refuse templates with unknown fields, unusable format specs, or that could escape the library root."""
    try:
        parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise _violation("file_template", template, f"the file template {template!r} is malformed: {exc}") from None
    unknown = {f for f, _ in parsed} - TEMPLATE_FIELDS
    if unknown:
        raise _violation("file_template", template,
                         f"the file template uses unknown fields {sorted(unknown)}; "
                         f"allowed: {sorted(TEMPLATE_FIELDS)}")
    if any(re.search(r"\d{3,}|[{}]", spec or "") for _, spec in parsed):
        raise _violation("file_template", template, "the file template's format specs may pad to at most "
                                                    "99 characters and may not nest fields")
    if template.startswith("/") or ".." in template.split("/"):
        raise _violation("file_template", template, "the file template must stay relative to the library root")
    layout_path(NamingRules(file_template=template), folder="characters/hero", asset="hero", version=1,
                representation="blend", filename="hero.blend", project="film", kind="model")


def split_frame(filename: str) -> tuple[str, int, int, str] | None:
    """``("shot_", 1001, 4, "exr")`` for ``shot_1001.exr``; None when the name carries no frame number."""
    match = _FRAME.match(filename)
    if not match:
        return None
    digits = match["frame"].lstrip("-")
    return match["stem"], int(match["frame"]), len(digits), match["ext"]


def layout_path(rules: NamingRules, *, folder: str, asset: str, version: int, representation: str,
                filename: str, project: str = "", kind: str = "", frame: int | None = None,
                file_count: int = 1) -> str:
    """Where one file of a version lives under the library root (always ``/``-separated, relative).

    A single-file representation takes the template as it is; a representation not named for its file
    extension gets ``_<representation>`` before the extension so two representations never collide; a
    frame of a sequence keeps its number (``hero_v003.1001.exr``); other multi-file representations
    keep their own relative paths in a folder named for the representation. A template that does not
    place ``{project}`` itself is put under a folder named for the project, so that several projects
    share one library root without colliding.
    """
    try:
        path = _render(rules, folder=folder, asset=asset, version=version, representation=representation,
                       filename=filename, project=project, kind=kind, frame=frame, file_count=file_count)
    except (ValueError, KeyError, IndexError, OverflowError) as exc:
        raise _violation("file_template", rules.file_template,
                         f"the project's file template {rules.file_template!r} cannot be filled in: {exc}; "
                         "a project admin must fix it") from None
    return check_layout(path)


def check_layout(path: str) -> str:
    """``path`` when it stays inside the library root as plain parts; ``NamingError`` otherwise.

    Fields are checked one by one, but a template's format spec (``{folder:.<2}``) can still render
    ``..``: the rendered path is what must be safe.
    """
    parts = path.split("/")
    bad = control_characters(path)
    if (not path or path.startswith("/") or "\\" in path or ":" in parts[0] or bad
            or any(p in ("", ".", "..") or len(p.encode()) > PATH_PART_MAX_BYTES for p in parts)):
        raise _violation("file_template", path,
                         f"the project's file template lays a file out at {path[:200]!r}, which is not a plain "
                         "path inside the library root (no '..', '.', empty or control characters, parts "
                         f"≤ {PATH_PART_MAX_BYTES} bytes); a project admin must fix the template")
    return path


def _render(rules: NamingRules, *, folder: str, asset: str, version: int, representation: str,
            filename: str, project: str, kind: str, frame: int | None, file_count: int) -> str:
    ext = filename.rsplit(".", 1)[-1] if "." in posixpath.basename(filename) else ""
    values = dict(project=project, folder=folder, asset=asset, kind=kind, version=version,
                  representation=representation, ext=ext)
    path = rules.file_template.format(**values)
    if project and "{project" not in rules.file_template:
        path = f"{project}/{path}"
    path = re.sub(r"/+", "/", path).lstrip("/")
    head, _, tail = path.rpartition("/")
    stem, dot, _ = tail.rpartition(".") if ext else (tail, "", "")
    if representation.lower() != ext.lower():
        stem = f"{stem}_{representation}"
    if frame is not None:
        parts = split_frame(posixpath.basename(filename))
        padding = parts[2] if parts else 4
        tail = f"{stem}.{frame:0{padding}d}.{ext}"
    elif file_count > 1:
        return posixpath.join(head, representation, filename)
    else:
        tail = f"{stem}{dot}{ext}" if ext else stem
    return posixpath.join(head, tail) if head else tail
