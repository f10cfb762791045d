"""The fake Resolve is no kinder than the documented API: every class and method it offers is in
``fusionscript-stubs`` under the same name, with the stub's parameter names in order, no parameter the
stub lacks, and every parameter the stub requires required too — except where Blackmagic's README
documents the argument as optional (listed below with the README's words), which is what a script
meets in Resolve. What is the fake's own (helpers, test controls) does not start with a capital."""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import pytest

import tests.fakes.resolve as fake
from tests.fakes.resolve._remote import Remote

# (class, method, parameter): why the fake may leave out what the stub requires.
OPTIONAL_IN_THE_README = {
    ("ProjectManager", "CreateProject", "mediaLocationPath"): "README: CreateProject(projectName, mediaLocationPath) "
                                                             "— the path is optional (18.5+ takes it)",
    ("Project", "GetSetting", "settingName"): "README: 'Returns value of project setting (indicated by settingName, "
                                              "string). Check the section below for more information' — all when ''",
    ("Timeline", "GetSetting", "settingName"): "README: as Project.GetSetting",
    ("MediaPoolItem", "GetMetadata", "metadataType"): "README: 'Returns the metadata value for the key "
                                                      "'metadataType'. If no argument is specified, a dict of all'",
    ("MediaPoolItem", "GetClipProperty", "propertyName"): "README: 'returns a dict of all clip properties if no "
                                                          "argument is specified'",
    ("TimelineItem", "GetProperty", "propertyKey"): "README: 'returns a dict of all properties if no key is given'",
    ("MediaPool", "ImportTimelineFromFile", "importOptions"): "README: ImportTimelineFromFile(filePath, "
                                                             "{importOptions}) — the options dict is optional",
    ("Timeline", "DeleteClips", "Bool"): "README: DeleteClips([timelineItems], Bool) — ripple defaults to False",
    ("Timeline", "AddTrack", "subTrackType"): "README: AddTrack(trackType, optional subTrackType)",
    **{("MediaPoolItem", m, "metadataValue"): "README: the second overload takes one dict ({metadataType: "
       "value}); the fake serves both in one method and refuses a lone argument that is not a dict"
       for m in ("SetMetadata", "SetThirdPartyMetadata")},
    **{("TimelineItem", m, "subframe_precision"): "README (19.0.2+): 'returns fractional frames if "
       "subframe_precision is True' — optional, and releases before 19.0.2 take no argument"
       for m in ("GetStart", "GetEnd", "GetDuration", "GetLeftOffset", "GetRightOffset")},
}


def stub_path() -> Path:
    found = next((Path(p) / "fusionscript-stubs" / "fusionscript.pyi" for p in sys.path
                  if p and (Path(p) / "fusionscript-stubs" / "fusionscript.pyi").is_file()), None)
    if found is None:
        pytest.skip("fusionscript-stubs comes with the test extra: pip install -e '.[test]'")
    return found


def stub_classes() -> dict[str, dict[str, list[ast.FunctionDef]]]:
    """``{class: {method: [each overload]}}`` as the stubs declare them."""
    found: dict[str, dict[str, list[ast.FunctionDef]]] = {}
    for node in ast.parse(stub_path().read_text()).body:
        if isinstance(node, ast.ClassDef):
            methods = found.setdefault(node.name, {})
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    methods.setdefault(item.name, []).append(item)
    return found


def fake_classes() -> dict[str, type]:
    """Every fake API class, by the stub class it stands for (``FakeMediaPool`` → ``MediaPool``)."""
    classes = {}
    for module in (fake.app, fake.project, fake.media_pool, fake.timeline):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Remote) and cls is not Remote and cls.__module__ == module.__name__:
                classes[cls.__name__.removeprefix("Fake")] = cls
    return classes


def api_methods(cls: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(fn) for name, fn in inspect.getmembers(cls, inspect.isfunction)
            if name[:1].isupper()}


def stub_params(node: ast.FunctionDef) -> list[tuple[str, bool]]:
    """``[(name, required)]`` of an overload, without ``self``."""
    args = node.args.args[1:]
    defaults = [None] * (len(args) - len(node.args.defaults)) + list(node.args.defaults)
    return [(a.arg, d is None) for a, d in zip(args, defaults)] + \
        [(a.arg, d is None) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults)]


def problems_of(stub_name: str, method: str, signature: inspect.Signature,
                overloads: list[ast.FunctionDef]) -> list[str]:
    params = [p for p in list(signature.parameters.values())[1:]]
    if any(p.kind == p.VAR_POSITIONAL for p in params):  # the "clip1, clip2, … | [clips]" forms
        return [] if any(o.args.vararg for o in overloads) else [f"{stub_name}.{method} takes *args the stub has not"]
    names = [p.name for p in params]
    best: list[str] | None = None
    for overload in overloads:
        theirs = stub_params(overload)
        problems = []
        if names != [n for n, _ in theirs][:len(names)]:
            problems.append(f"{stub_name}.{method}{tuple(names)} but the stub has {tuple(n for n, _ in theirs)}")
        else:
            for (name, required), ours in zip(theirs, params):
                if required and ours.default is not inspect.Parameter.empty and \
                        (stub_name, method, name) not in OPTIONAL_IN_THE_README:
                    problems.append(f"{stub_name}.{method}: {name!r} is required by the stub, optional in the fake")
            missing = [n for n, required in theirs[len(names):] if required]
            if missing:
                problems.append(f"{stub_name}.{method} leaves out {missing}, which the stub requires")
        if not problems:
            return []
        best = problems if best is None or len(problems) < len(best) else best
    return best or []


def test_every_fake_api_class_stands_for_a_stub_class():
    stubs = stub_classes()
    classes = fake_classes()
    assert set(classes) >= {"Resolve", "ProjectManager", "Project", "MediaPool", "Folder", "MediaPoolItem",
                            "Timeline", "TimelineItem"}
    assert [name for name in classes if name not in stubs] == []


@pytest.mark.parametrize("name", sorted(fake_classes()))
def test_every_fake_method_is_in_the_stub_with_its_signature(name):
    documented = stub_classes()[name]
    problems = []
    for method, signature in api_methods(fake_classes()[name]).items():
        if method not in documented:
            problems.append(f"{name}.{method} is not in Resolve's documented API")
            continue
        problems += problems_of(name, method, signature, documented[method])
    assert problems == []


def test_every_leniency_is_still_needed():
    """An entry of OPTIONAL_IN_THE_README that no longer applies (the fake or the stub changed) goes."""
    documented, classes = stub_classes(), fake_classes()
    stale = []
    for cls, method, param in OPTIONAL_IN_THE_README:
        signature = api_methods(classes[cls]).get(method)
        ours = signature.parameters.get(param) if signature else None
        required = any(dict(stub_params(o)).get(param) for o in documented.get(cls, {}).get(method, []))
        if ours is None or ours.default is inspect.Parameter.empty or not required:
            stale.append((cls, method, param))
    assert stale == []


def test_the_check_catches_a_kinder_fake():
    """The check can fail: an extra parameter, a made-up method, an optional argument the stub requires."""
    overloads = stub_classes()["MediaPool"]["ImportMedia"]

    def import_media(self, items, extra=None): ...

    def optional_items(self, items=None): ...

    assert problems_of("MediaPool", "ImportMedia", inspect.signature(import_media), overloads)
    assert problems_of("MediaPool", "ImportMedia", inspect.signature(optional_items), overloads)
    assert "ReplaceClipEverywhere" not in stub_classes()["MediaPoolItem"]
