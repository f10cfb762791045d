"""Publish operators: mark what to publish, validate, repair, publish."""

from __future__ import annotations

import bpy

from ..creators import CREATORS
from .props import ui_state
from .run import message_of, run, show
from .state import current

_CREATOR_ITEMS = [(cls.__name__, cls.label, f"publishes a {cls.target_type} as {cls.kind}") for cls in CREATORS]


class BRICKYARD_OT_create_instance(bpy.types.Operator):
    """Mark a collection, camera or the scene's render for publishing (saved in this file)"""

    bl_idname = "brickyard.create_instance"
    bl_label = "Add to publish"
    bl_options = {"REGISTER", "UNDO"}

    creator: bpy.props.EnumProperty(name="What", items=_CREATOR_ITEMS)
    target: bpy.props.StringProperty(name="Collection / camera",
                                     description="Its name; empty: the active collection (or scene camera)")
    asset: bpy.props.StringProperty(name="Asset", description="Empty: from the collection's name")
    folder: bpy.props.StringProperty(name="Folder", description="e.g. characters/hero")
    kind: bpy.props.StringProperty(name="Kind", description="Empty: the creator's kind (model, animation, …)")
    formats: bpy.props.StringProperty(name="Formats", description="Comma-separated, e.g. blend,glb; "
                                                                  "empty: the creator's default")

    def execute(self, context):
        creator = next(cls for cls in CREATORS if cls.__name__ == self.creator)()
        target = self.target or (context.view_layer.active_layer_collection.collection.name
                                 if creator.target_type == "collection" else "")
        options = {"folder": self.folder}
        if self.asset:
            options["asset"] = self.asset
        if self.kind:
            options["kind"] = self.kind
        formats = [f.strip() for f in self.formats.split(",") if f.strip()] or None
        try:
            spec = creator.create(current().host, target=target, formats=formats, **options)
        except Exception as exc:
            show(False, message_of(exc))
            self.report({"ERROR"}, message_of(exc))
            return {"CANCELLED"}
        show(True, f"{spec.title} will be published as {spec.kind} ({', '.join(spec.host_data['formats'])})")
        self.report({"INFO"}, ui_state(context).message)
        return {"FINISHED"}


class BRICKYARD_OT_remove_instance(bpy.types.Operator):
    """Stop publishing this (the collection itself stays)"""

    bl_idname = "brickyard.remove_instance"
    bl_label = "Remove from publish"
    bl_options = {"REGISTER", "UNDO"}

    instance_id: bpy.props.StringProperty()

    def execute(self, context):
        current().host.remove_instance(self.instance_id)
        return {"FINISHED"}


def _deliver_report(report, verb: str):
    state = ui_state()
    state.results.clear()
    for result in report.results:
        if result.passed and result.stage == "collect":
            continue
        item = state.results.add()
        item.name = (f"{result.instance_label + ': ' if result.instance_label else ''}{result.label}"
                     + ("" if result.passed else f" — {result.message}"))
        item.passed, item.plugin, item.repair = result.passed, result.plugin, result.repair or ""
    if report.passed:
        published = ", ".join(report.published)
        return True, f"published {published}" if published else f"{verb}: everything passed"
    failures = "; ".join(r.message for r in report.failures[:3])
    stopped = report.stopped or "failed"
    if verb != "publish":
        return False, f"{stopped}: {failures}"
    if not report.published:
        return False, f"{stopped}, nothing was published: {failures}"
    return False, f"{stopped} part way: published {', '.join(report.published)}; NOT published: " \
                  f"{', '.join(_unpublished(report)) or 'the rest'} — {failures}"


def _unpublished(report) -> list[str]:
    """The labels of the instances no version was created for (each instance integrates once)."""
    labels = list(dict.fromkeys(r.instance_label for r in report.results if r.instance_label))
    done = {r.instance_label for r in report.results if r.stage == "integrate" and r.passed and r.instance_label
            and r.plugin == "IntegrateVersion"}
    return [label for label in labels if label not in done]


class BRICKYARD_OT_validate(bpy.types.Operator):
    """Collect and validate every instance without publishing"""

    bl_idname = "brickyard.validate"
    bl_label = "Validate"

    def execute(self, context):
        return run(self, context, "Validate", lambda c: c.publisher.validate(),
                   lambda report: _deliver_report(report, "validate"))


class BRICKYARD_OT_repair(bpy.types.Operator):
    """Run the repair the validator offers, then validate again"""

    bl_idname = "brickyard.repair"
    bl_label = "Repair"
    bl_options = {"REGISTER", "UNDO"}

    plugin: bpy.props.StringProperty()

    def execute(self, context):
        plugin = self.plugin  # read now: the operator is gone when the worker runs

        def work(connection):
            repaired = connection.publisher.repair(plugin)
            return repaired, connection.publisher.validate()

        def deliver(result):
            repaired, report = result
            _deliver_report(report, "validate")  # the panel shows the new validation
            if not repaired.passed:  # the repair itself failed: say why, never "repaired"
                return False, f"could not repair ({plugin}): {repaired.message}"
            left = len(report.failures)
            return True, f"repaired ({plugin}); " + (f"{left} check(s) still failing" if left else "everything passes")

        return run(self, context, f"Repair {self.plugin}", work, deliver)


class BRICKYARD_OT_publish(bpy.types.Operator):
    """Validate, extract and publish every instance as a new version"""

    bl_idname = "brickyard.publish"
    bl_label = "Publish"

    comment: bpy.props.StringProperty(name="Comment")
    status: bpy.props.EnumProperty(name="Status", items=[("panel", "As in the panel", ""),
                                                         ("wip", "WIP", ""), ("review", "Review", "")])
    save: bpy.props.BoolProperty(name="Save first", default=True,
                                 description="Save the workfile before publishing (it is recorded as the source)")

    def execute(self, context):
        state = ui_state(context)
        comment, save = self.comment or state.comment, self.save
        status = state.status if self.status == "panel" else self.status

        def work(connection):
            host, publisher = connection.publisher.host, connection.publisher
            for spec in publisher.instances():
                if not isinstance(spec, Exception):
                    publisher.update_instance(spec.id, comment=comment or spec.comment, status=status)
            if save and host.workfile() is not None:  # after the instances changed, so the saved file has them
                host.save_workfile()
            return publisher.publish()

        return run(self, context, "Publish", work, lambda report: _deliver_report(report, "publish"))


CLASSES = (BRICKYARD_OT_create_instance, BRICKYARD_OT_remove_instance, BRICKYARD_OT_validate,
           BRICKYARD_OT_repair, BRICKYARD_OT_publish)
