"""The arrows stay one-way: hosts → core; server → core's contract modules; core → neither."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# blob_models: the wire payloads of presigned and one-pass blob transfers (models.py's sibling)
CONTRACT = {"brickyard.core.models", "brickyard.core.blob_models", "brickyard.core.errors",
            "brickyard.core.naming", "brickyard.core.kinds", "brickyard.core.reference",
            "brickyard.core.limits",  # the limits the models keep, which the server's parameters share
            "brickyard.core.review_models",  # playlists and client links
            "brickyard.core.annotation_models"}  # drawn annotations
PACKAGES = {"core": "brickyard.core", "server_stub": "brickyard.server", "hosts": "brickyard.hosts"}


def imports_of(path: Path, folder: str) -> list[tuple[str, bool]]:
    """Absolute names a module imports, with whether the import sits inside a function (lazy)."""
    package = PACKAGES[folder] + "." + ".".join(path.relative_to(ROOT / folder).parent.parts)
    package = package.rstrip(".")
    tree = ast.parse(path.read_text())
    lazy_lines = {n.lineno for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno in lazy_lines) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if node.module is None or node.level and not node.module:
                found += [(f"{name}.{alias.name}", node.lineno in lazy_lines) for alias in node.names]
            else:
                found.append((name, node.lineno in lazy_lines))
    return found


def sources(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


def test_core_imports_neither_hosts_nor_server():
    for path in sources("core"):
        for name, lazy in imports_of(path, "core"):
            assert not name.startswith("brickyard.hosts"), f"{path} imports {name}"
            if name.startswith("brickyard.server"):
                assert lazy and "cli" in path.parts, f"{path} imports {name} (only the CLI may, lazily)"


def test_server_imports_only_the_core_contract():
    for path in sources("server_stub"):
        for name, _ in imports_of(path, "server_stub"):
            if name.startswith("brickyard.core"):
                assert any(name == c or name.startswith(c + ".") for c in CONTRACT), \
                    f"{path} imports {name}; the server may use only {sorted(CONTRACT)}"
            assert not name.startswith("brickyard.hosts"), f"{path} imports {name}"


def test_hosts_import_core_not_server_nor_each_other():
    for path in sources("hosts"):
        app = path.relative_to(ROOT / "hosts").parts[0]
        for name, _ in imports_of(path, "hosts"):
            assert not name.startswith("brickyard.server"), f"{path} imports {name}"
            if name.startswith("brickyard.hosts."):
                assert name.split(".")[2] == app, f"{path} imports another host: {name}"


def test_no_top_level_core_or_hosts_package_names():
    for folder in ("core", "hosts", "server_stub"):
        for path in sources(folder):
            for name, _ in imports_of(path, folder):
                top = name.split(".")[0]
                assert top not in {"core", "hosts", "server_stub"}, f"{path} imports top-level {name}"


def test_tests_start_event_loops_only_through_the_helper():
    """A browser test leaves Playwright's loop running on its xdist worker's thread, and a later
    ``asyncio.run`` on that thread fails — only when the scheduler happens to put the two together."""
    helper = ROOT / "tests" / "support" / "asyncio_thread.py"
    offenders = []
    for path in sources("tests"):
        if path == helper:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "run"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "asyncio"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"use tests.support.asyncio_thread.run_async instead of asyncio.run: {offenders}"
