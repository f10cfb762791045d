"""Files dropped on the Publisher become instances: named by the project's rules, kinded by the file."""

from __future__ import annotations

from datetime import datetime, timezone

from brickyard.core.extract import default_registry
from brickyard.core.kinds import default_kinds
from brickyard.core.models import KindSpec, NamingRules, ProjectPublic
from brickyard.core.publish.dropped_files import plan_drop


def project(**changes) -> ProjectPublic:
    fields = {"id": 1, "code": "film", "name": "Film", "naming": NamingRules(), "kinds": default_kinds(),
              "created_at": datetime.now(timezone.utc)}
    return ProjectPublic(**{**fields, **changes})


def touch(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_names_kinds_sequences_and_collisions(tmp_path):
    files = [touch(tmp_path / "Hero Robot.exr"), touch(tmp_path / "shot010.exr"),
             *(touch(tmp_path / f"plate-{n}.png") for n in (1001, 1002)), touch(tmp_path / "grade.cube"),
             touch(tmp_path / "a prompt.txt", "a fox in the snow")]
    plans = plan_drop(files, project(), default_registry(), taken=["grade"])
    assert [(p.asset, p.kind, len(p.files), p.problem) for p in plans] == [
        ("hero_robot", "render", 1, ""), ("shot010", "render", 1, ""),  # one numbered file is no sequence
        ("plate", "image", 2, ""), ("grade_2", "lut", 1, ""), ("a_prompt", "prompt", 1, "")]
    assert plans[2].representations == {"png": [str((tmp_path / f"plate-{n}.png").resolve()) for n in (1001, 1002)]}


def test_what_cannot_be_named_or_kinded_says_why(tmp_path):
    rules = NamingRules(name_pattern="[a-z]+_[a-z0-9_]+", description="prefix_name")
    only_images = [KindSpec(name="image")]
    plans = plan_drop([touch(tmp_path / "cup.png"), touch(tmp_path / "misc_notes.xyz"),
                       touch(tmp_path / "env_grade.cube")], project(naming=rules, kinds=only_images),
                      default_registry())
    assert [p.asset for p in plans] == ["cup", "misc_notes", "env_grade"]
    assert "no legal asset name" in plans[0].problem and "prefix_name" in plans[0].problem
    assert "nothing tells the kind of misc_notes.xyz" in plans[1].problem
    assert "looks like a lut, a kind project film does not have" in plans[2].problem
