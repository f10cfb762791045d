"""The publish report: per plugin and instance, passed or not, its messages and how long it took.

Built from pyblish's own result dicts; plain data a view draws and ``to_json`` writes for the record.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import pyblish.api

STAGES = ((pyblish.api.CollectorOrder, "collect"), (pyblish.api.ValidatorOrder, "validate"),
          (pyblish.api.ExtractorOrder, "extract"), (pyblish.api.IntegratorOrder, "integrate"))


def stage_of(order: float) -> str:
    """``collect`` / ``validate`` / ``extract`` / ``integrate``: each owns the band order ± 0.5."""
    for base, name in STAGES:
        if order < base + 0.5:
            return name
    return "integrate"


@dataclass(frozen=True)
class PluginResult:
    """One plugin run on one instance (or on the context when ``instance`` is None)."""

    plugin: str
    label: str
    stage: str
    order: float
    instance: str | None  # the instance id
    instance_label: str | None
    passed: bool
    message: str  # what failed and how to fix it; "" when it passed
    messages: list[str] = field(default_factory=list)  # what the plugin logged
    duration_ms: float = 0.0
    repair: str | None = None  # the label of the repair action offered when it failed
    action: str | None = None  # set when this result is a repair run, not a check

    @classmethod
    def from_pyblish(cls, result: dict[str, Any]) -> PluginResult:
        plugin = result["plugin"]
        instance = result.get("instance")
        error = result.get("error")
        action = result.get("action")
        repairs = [a for a in getattr(plugin, "actions", []) if getattr(a, "on", "") == "failed"]
        return cls(
            plugin=plugin.__name__, label=getattr(plugin, "label", None) or plugin.__name__,
            stage=stage_of(plugin.order), order=plugin.order,
            instance=instance.data.get("id") if instance is not None else None,
            instance_label=instance.data.get("label") if instance is not None else None,
            passed=error is None, message="" if error is None else str(error) or type(error).__name__,
            messages=[record.getMessage() for record in result.get("records", [])],
            duration_ms=round(result.get("duration") or 0.0, 3),
            repair=(repairs[0].label or repairs[0].__name__) if error is not None and repairs and not action
            else None,
            action=action)


@dataclass
class PublishReport:
    """Everything one validate or publish run did; ``stopped`` says why it ended early, if it did."""

    validate_only: bool = False
    results: list[PluginResult] = field(default_factory=list)
    stopped: str | None = None  # "validation failed" | "cancelled" | "failed" | None
    published: list[str] = field(default_factory=list)  # references of the versions created

    @property
    def passed(self) -> bool:
        return self.stopped is None and all(r.passed for r in self.results)

    @property
    def failures(self) -> list[PluginResult]:
        return [r for r in self.results if not r.passed]

    @property
    def validations(self) -> list[PluginResult]:
        return [r for r in self.results if r.stage == "validate"]

    def to_dict(self) -> dict[str, Any]:
        return {"validate_only": self.validate_only, "passed": self.passed, "stopped": self.stopped,
                "published": list(self.published), "results": [asdict(r) for r in self.results]}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **({"indent": 2} | kwargs))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PublishReport:
        return cls(validate_only=data["validate_only"], stopped=data["stopped"], published=data["published"],
                   results=[PluginResult(**r) for r in data["results"]])
