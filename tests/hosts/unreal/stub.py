"""The UE 5.6 stub from the ``unreal-stub`` package as a ``unreal.pyi`` mypy can read (never committed).

The package ships the editor's generated ``unreal.py``: not importable (one bad default at the
``Left=…`` margin literal) and not marked typed. It is read as a file — never imported, so it cannot
shadow the fake — patched, and written into a folder given to mypy as ``mypy_path``.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

BAD_DEFAULT = "((Left=0.000000,Top=0.000000,Right=0.000000,Bottom=0.000000))"


def stub_source() -> Path | None:
    """The packaged ``unreal/unreal.py``; None when ``unreal-stub`` is not installed."""
    try:
        dist = metadata.distribution("unreal-stub")
    except metadata.PackageNotFoundError:
        return None
    for file in dist.files or []:
        if str(file).replace("\\", "/") == "unreal/unreal.py":
            return Path(str(dist.locate_file(file)))
    return None


def write_stub(folder: Path) -> Path:
    """``folder/unreal.pyi``: the stub with its one bad default replaced by ``None``."""
    source = stub_source()
    if source is None:
        raise FileNotFoundError("unreal-stub is not installed; pip install -e '.[test]'")
    text = source.read_text(encoding="utf-8-sig")
    if BAD_DEFAULT not in text:
        raise ValueError(f"{source} no longer holds the known bad default; check the unreal-stub version")
    target = folder / "unreal.pyi"
    target.write_text(text.replace(BAD_DEFAULT, "None"), encoding="utf-8")
    return target
