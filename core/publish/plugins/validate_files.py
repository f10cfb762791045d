"""Validate every file an instance names is there and not empty.

A host whose extractor writes the files later sets ``instance.data["extracts"] = True`` when collecting,
so an instance with no files yet is not refused here.
"""

from pathlib import Path

import pyblish.api


class ValidateFiles(pyblish.api.InstancePlugin):
    label = "Validate files present"
    order = pyblish.api.ValidatorOrder

    def process(self, instance):
        representations = instance.data["representations"]
        if not representations and not instance.data.get("extracts"):
            raise ValueError(f"{instance.data['label']}: no files to publish; add a representation")
        problems = []
        for name, paths in representations.items():
            if not paths:
                problems.append(f"representation {name!r} names no files")
            for path in map(Path, paths):
                problems += _problems(path)
        if problems:
            raise ValueError(f"{instance.data['label']}: " + "; ".join(problems[:10]) +
                             (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))


def _problems(path):
    if not path.exists():
        return [f"{path} does not exist (render or save it, or fix the path)"]
    if path.is_dir():
        files = [f for f in path.rglob("*") if f.is_file()]
        if not files:
            return [f"the folder {path} is empty"]
        return [f"{f} is empty (0 bytes)" for f in files if f.stat().st_size == 0]
    if path.stat().st_size == 0:
        return [f"{path} is empty (0 bytes); export it again"]
    return []
