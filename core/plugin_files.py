"""Import plugin modules from folders, once, without touching any global plugin registry.

Used by the publish plugin and loader discovery alike: each ``.py`` file in a folder (``_private``
ones skipped) is imported under a name of its own, and the classes it defines are offered to a
filter. A file that fails to import is reported, never silently dropped.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

log = logging.getLogger(__name__)


@dataclass
class Discovered:
    """The classes found, and the files that could not be imported (path → error)."""

    classes: list[type] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def import_file(path: Path) -> ModuleType:
    """Import one file as a module named after its path (so two ``load_file.py`` never clash)."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"brickyard_plugins.{path.stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up by name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def discover_classes(paths: Iterable[str | os.PathLike], accept: Callable[[type], bool]) -> Discovered:
    """Every class defined in the ``.py`` files of ``paths`` (not imported into them) that ``accept`` takes."""
    found = Discovered()
    for folder in paths:
        folder = Path(folder)
        if not folder.is_dir():
            found.failures[str(folder)] = "not a folder"
            continue
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            try:
                module = import_file(path)
            except Exception as exc:  # a broken plugin must not take the others down
                log.error("skipped plugin file %s: %s", path, exc)
                found.failures[str(path)] = f"{type(exc).__name__}: {exc}"
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and accept(cls):
                    found.classes.append(cls)
    return found
