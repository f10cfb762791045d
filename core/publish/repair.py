"""Repairs: a validator offers a fix as a pyblish ``Action`` shown only on failure.

A validator that can fix what it found defines ``repair(instance)`` (a classmethod) and lists
``RepairAction`` in its ``actions``; the action calls it for every instance that failed that validator.

    class ValidateNaming(pyblish.api.InstancePlugin):
        actions = [RepairAction]

        @classmethod
        def repair(cls, instance): ...
"""

from __future__ import annotations

import pyblish.api


def failed_instances(context: pyblish.api.Context, plugin: type) -> list[pyblish.api.Instance]:
    """The instances ``plugin`` failed on in this context's latest run (each once)."""
    failed: dict[int, pyblish.api.Instance] = {}
    for result in context.data.get("results", []):
        if result["plugin"] is plugin and not result.get("action") and result.get("error") is not None:
            instance = result.get("instance")
            if instance is not None:
                failed[id(instance)] = instance
    return list(failed.values())


class RepairAction(pyblish.api.Action):
    label = "Repair"
    icon = "wrench"
    on = "failed"

    def process(self, context, plugin):
        instances = failed_instances(context, plugin)
        for instance in instances:
            plugin.repair(instance)
        self.log.info("repaired %d instance(s)", len(instances))
