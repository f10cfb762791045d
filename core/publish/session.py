"""Run a publish: the plugins of one host over the instances saved in its workfile.

Each run gets a fresh pyblish ``Context`` carrying the client, the host, the project (fetched once per
session) and the cancel flag, so plugins need no globals. The run stops before extraction when any
collector or validator failed — nothing is uploaded then — and between any two plugins when cancelled.

    >>> session = PublishSession(client, host, discover_publish_plugins(host.name))
    >>> report = session.validate()          # collect + validate only
    >>> session.repair("ValidateNaming")     # run its repair action on what failed
    >>> report = session.publish(progress=print)
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

import pyblish.api
import pyblish.logic
import pyblish.plugin

from ..host import Host
from ..models import ProjectPublic
from ..progress import ProgressCallback
from .discovery import PublishPlugins
from .report import PluginResult, PublishReport

log = logging.getLogger(__name__)
EXTRACTION_STARTS = pyblish.api.ExtractorOrder - 0.5
StepCallback = Callable[[PluginResult], None]


class PublishCancelled(Exception):
    """Raised inside a long step (an upload) when the artist cancelled; nothing was created."""

    def __init__(self) -> None:
        super().__init__("the publish was cancelled; nothing more was sent")


class PublishSession:
    """One host's publish runs: validate, repair, publish, cancel; ``report`` is the latest run's."""

    def __init__(self, client, host: Host, plugins: PublishPlugins | list[type], *,
                 project: ProjectPublic | None = None):
        self.client = client
        self.host = host
        self.plugins = plugins if isinstance(plugins, PublishPlugins) else PublishPlugins(list(plugins))
        self._project = project
        self._cancel = threading.Event()
        self.context: pyblish.api.Context | None = None
        self.report: PublishReport | None = None

    @property
    def project(self) -> ProjectPublic:
        """The host's project as the server describes it (naming rules, kinds): fetched once."""
        if self._project is None:
            self._project = self.client.project(self.host.context().project)
        return self._project

    def cancel(self) -> None:
        """Stop the running publish at the next plugin (or mid-upload); safe from another thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def validate(self, on_step: StepCallback | None = None) -> PublishReport:
        return self.run(validate_only=True, on_step=on_step)

    def publish(self, progress: ProgressCallback | None = None,
                on_step: StepCallback | None = None) -> PublishReport:
        return self.run(progress=progress, on_step=on_step)

    def run(self, *, validate_only: bool = False, progress: ProgressCallback | None = None,
            on_step: StepCallback | None = None) -> PublishReport:
        """Collect, validate and (unless ``validate_only``) extract and integrate; the report."""
        self._cancel.clear()
        context = self._new_context(progress)
        report = PublishReport(validate_only=validate_only)
        self.context, self.report = context, report
        state: dict = {"nextOrder": None, "ordersWithError": set()}  # never filled: this loop decides when to stop
        try:
            self._run(context, report, state, validate_only, on_step)
        finally:  # what plugins asked to undo whatever happened (staging folders): passed, failed or cancelled
            for cleanup in reversed(context.data.get("cleanups", [])):
                try:
                    cleanup()
                except Exception:  # noqa: BLE001 - a failed cleanup must not hide the publish's outcome
                    pass
        report.published = [v.reference for v in context.data.get("published_versions", [])]
        return report

    def _run(self, context, report: PublishReport, state: dict, validate_only: bool,
             on_step: StepCallback | None) -> None:
        for plugin, instance in pyblish.logic.Iterator(self.plugins.plugins, context, state, targets=["default"]):
            if self.cancelled:
                report.stopped = "cancelled"
                break
            if plugin.order >= EXTRACTION_STARTS:
                if validate_only:
                    break
                if report.failures:
                    report.stopped = "validation failed"
                    break
            result = PluginResult.from_pyblish(pyblish.plugin.process(plugin, context, instance))
            report.results.append(result)
            if on_step:
                on_step(result)
            if not result.passed and plugin.order >= EXTRACTION_STARTS:
                report.stopped = "cancelled" if self.cancelled else "failed"
                break

    def repair(self, plugin_name: str) -> PluginResult:
        """Run the repair action of ``plugin_name`` on what it failed in the latest run.

        Validate again afterwards to see the result: a repair changes the workfile, not the report.
        """
        if self.context is None:
            raise RuntimeError("nothing to repair yet: validate first")
        plugin = self.plugins.get(plugin_name)
        actions = [a for a in getattr(plugin, "actions", []) if getattr(a, "on", "") == "failed"]
        if not actions:
            raise ValueError(f"{plugin_name} offers no repair")
        action = actions[0]
        result = pyblish.plugin.process(plugin, self.context, None, action=action.id)
        return PluginResult.from_pyblish(result)

    def _new_context(self, progress: ProgressCallback | None) -> pyblish.api.Context:
        context = pyblish.api.Context()
        context.data.update(client=self.client, host=self.host, project=self.project,
                            cancelled=self._cancel.is_set, progress=progress,
                            publish_id=uuid.uuid4().hex, published_versions=[])
        workfile = self.host.workfile()
        context.data["workfile"] = str(workfile) if workfile else None
        return context
