"""Validate the kind is one the project knows and its required metadata is there — counting what the
files say about themselves (a LoRA's header names its base model) — and that the user's metadata does
not contradict the files. The repair takes the file's value."""

from pathlib import Path

import pyblish.api
from brickyard.core.errors import InvalidInput
from brickyard.core.extract import default_registry
from brickyard.core.extract.fill import contradictions, fill_metadata, read_facts
from brickyard.core.kinds import check_metadata, find_kind
from brickyard.core.publish.repair import RepairAction


def _facts(instance):
    client = instance.context.data.get("client")
    registry = getattr(client, "extractors", None) or default_registry()  # the registry the integrator will use
    firsts = []
    for paths in instance.data["representations"].values():
        existing = [Path(p) for p in paths if Path(p).is_file()]
        firsts += existing[:1]  # files an extractor has not written yet are read by the integrator
    return read_facts(registry, firsts)


class ValidateKindMetadata(pyblish.api.InstancePlugin):
    label = "Validate kind and metadata"
    order = pyblish.api.ValidatorOrder
    actions = [RepairAction]

    def process(self, instance):
        project = instance.context.data["project"]
        facts = _facts(instance)
        clash = contradictions(instance.data["metadata"], facts)
        if clash:
            raise ValueError(f"{instance.data['label']}: {clash[0].message}. "
                             f"Repair sets {clash[0].key} to {clash[0].found!r}")
        try:
            check_metadata(find_kind(project.kinds, instance.data["kind"]),
                           fill_metadata(instance.data["metadata"], facts))
        except InvalidInput as exc:
            raise ValueError(f"{instance.data['label']}: {exc.message}") from None

    @classmethod
    def repair(cls, instance):
        """Take the file's value for every contradicted key and save the instance in the workfile."""
        metadata = dict(instance.data["metadata"])
        for clash in contradictions(metadata, _facts(instance)):
            metadata[clash.key] = clash.found
        spec = instance.data["spec"].model_copy(update={"metadata": metadata})
        instance.context.data["host"].save_instance(spec.to_data())
        instance.data.update(spec=spec, metadata=metadata)
