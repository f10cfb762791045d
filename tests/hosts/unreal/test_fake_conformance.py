"""The fake ``unreal`` is faithful in names: every public class, method and function it offers exists in
the UE 5.6 stub, and its parameters are the stub's, by name and in order (the fake may leave trailing
ones out). What is the fake's own starts with ``fake_`` and is not checked."""

from __future__ import annotations

import ast
import inspect

import pytest

import tests.fakes.unreal as fake

from .stub import stub_source, write_stub

# Stub classes inherit from these; their methods count as the class's own.
BASES = ("_WrapperBase", "_ObjectBase", "Object", "StructBase", "EnumBase")


@pytest.fixture(scope="module")
def stub(tmp_path_factory):
    if stub_source() is None:
        pytest.skip("unreal-stub is not installed (pip install -e '.[test]')")
    tree = ast.parse(write_stub(tmp_path_factory.mktemp("stub")).read_text(encoding="utf-8"))
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    return classes, functions


def params(node: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    return [n for n in names if n not in ("self", "cls")]


def stub_methods(classes, name: str) -> dict[str, ast.FunctionDef]:
    found: dict[str, ast.FunctionDef] = {}
    queue = [name]
    while queue:
        node = classes.get(queue.pop(0))
        if node is None:
            continue
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                found.setdefault(item.name, item)
        queue += [ast.unparse(b).split("[")[0] for b in node.bases]
    return found


def fake_names():
    return sorted(n for n in dir(fake) if not n.startswith(("_", "fake_")) and n not in ("annotations", "Path")
                  and not inspect.ismodule(getattr(fake, n)))


def fake_params(fn) -> list[str]:
    return [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]


def test_every_fake_name_is_in_the_stub(stub):
    classes, functions = stub
    missing = [n for n in fake_names() if n not in classes and n not in functions]
    assert missing == []


@pytest.mark.parametrize("name", [n for n in fake_names() if inspect.isclass(getattr(fake, n))])
def test_fake_methods_match_the_stub(stub, name):
    classes, _ = stub
    if name in BASES:
        return
    offered = stub_methods(classes, name)
    cls = getattr(fake, name)
    problems = []
    for attr, value in vars(cls).items():
        if attr.startswith(("_", "fake_")) or not callable(getattr(cls, attr)) or isinstance(value, property):
            continue
        if attr not in offered:
            problems.append(f"{name}.{attr} is not in the stub")
            continue
        ours, theirs = fake_params(getattr(cls, attr)), params(offered[attr])
        if theirs[:len(ours)] != ours:
            problems.append(f"{name}.{attr}{tuple(ours)} but the stub has {tuple(theirs)}")
    assert problems == []


@pytest.mark.parametrize("name", [n for n in fake_names() if inspect.isfunction(getattr(fake, n))])
def test_fake_functions_match_the_stub(stub, name):
    _, functions = stub
    ours, theirs = fake_params(getattr(fake, name)), params(functions[name])
    assert theirs[:len(ours)] == ours
