"""What the Publisher window and Blender's Publish panel call: instances, validate, repair, publish.

    >>> ctrl = PublisherController(client, host, discover_publish_plugins(host.name), [FilesCreator()])
    >>> ctrl.create("FilesCreator", asset="hero", kind="model", representations={"blend": [path]})
    >>> report = ctrl.validate()
    >>> ctrl.repair("ValidateNaming"); report = ctrl.publish(progress=bar.update)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound
from ..extract import default_registry
from ..models import ProjectPublic
from ..host import Host
from ..progress import ProgressCallback
from ..publish.creator import Creator, FilesCreator, find_instance
from ..publish.dropped_files import DroppedInstance, plan_drop
from ..publish.discovery import PublishPlugins
from ..publish.instance import InstanceSpec, UnreadableInstance, parse_instance
from ..publish.report import PluginResult, PublishReport
from ..publish.session import PublishSession, StepCallback


@dataclass(frozen=True)
class CreatorInfo:
    identifier: str
    label: str
    kind: str


class PublisherController:
    def __init__(self, client, host: Host, plugins: PublishPlugins, creators: Sequence[Creator]):
        self.host = host
        self.session = PublishSession(client, host, plugins)
        self._creators = {c.identifier(): c for c in creators if "*" in c.hosts or host.name in c.hosts}

    def creators(self) -> list[CreatorInfo]:
        return [CreatorInfo(i, c.label or i, c.kind) for i, c in self._creators.items()]

    def instances(self) -> list[InstanceSpec | UnreadableInstance]:
        """The workfile's instances; one that cannot be read is listed as the error saying why."""
        found: list[InstanceSpec | UnreadableInstance] = []
        for data in self.host.list_instances():
            try:
                found.append(parse_instance(data))
            except UnreadableInstance as exc:
                found.append(exc)
        return found

    def create(self, creator: str, **options: Any) -> InstanceSpec:
        return self._creator(creator).create(self.host, **options)

    def drop(self, paths: Sequence[str], project: ProjectPublic | None = None,
             ) -> tuple[list[InstanceSpec], list[DroppedInstance]]:
        """Files dropped on the Publisher: an instance each (a frame sequence one), named and kinded from the
        file (``dropped_files``); (created, the ones to finish by hand with the reason). ``project``: its
        naming rules and kinds, when the caller has them (else one request)."""
        project = project or self.session.client.project(self.host.context().project)
        taken = [i.asset for i in self.instances() if isinstance(i, InstanceSpec)]
        plans = plan_drop(paths, project, default_registry(), taken=taken)
        creator = FilesCreator.identifier()
        if creator not in self._creators:
            for plan in plans:
                plan.problem = plan.problem or f"{self.host.name} has no Files creator; pick a creator here"
        created = [self.create(creator, asset=p.asset, kind=p.kind, representations=p.representations)
                   for p in plans if not p.problem]
        return created, [p for p in plans if p.problem]

    def update_instance(self, instance_id: str, **changes: Any) -> InstanceSpec:
        spec = find_instance(self.host, instance_id)
        return self._creator(spec.creator).update(self.host, instance_id, **changes)

    def remove_instance(self, instance_id: str) -> None:
        self.host.remove_instance(instance_id)

    def validate(self, on_step: StepCallback | None = None) -> PublishReport:
        return self.session.validate(on_step)

    def repair(self, plugin: str) -> PluginResult:
        return self.session.repair(plugin)

    def publish(self, progress: ProgressCallback | None = None, on_step: StepCallback | None = None) -> PublishReport:
        return self.session.publish(progress, on_step)

    def cancel(self) -> None:
        self.session.cancel()

    @property
    def report(self) -> PublishReport | None:
        return self.session.report

    def _creator(self, identifier: str) -> Creator:
        try:
            return self._creators[identifier]
        except KeyError:
            raise NotFound(f"no creator {identifier!r} in host {self.host.name!r}; "
                           f"it has {sorted(self._creators)}", detail={"creator": identifier}) from None
