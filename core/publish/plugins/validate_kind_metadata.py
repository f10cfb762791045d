"""Validate the kind is one the project knows and the metadata it requires is there."""

import pyblish.api
from brickyard.core.errors import InvalidInput
from brickyard.core.kinds import check_metadata, find_kind


class ValidateKindMetadata(pyblish.api.InstancePlugin):
    label = "Validate kind and metadata"
    order = pyblish.api.ValidatorOrder

    def process(self, instance):
        project = instance.context.data["project"]
        try:
            check_metadata(find_kind(project.kinds, instance.data["kind"]), instance.data["metadata"])
        except InvalidInput as exc:
            raise ValueError(f"{instance.data['label']}: {exc.message}") from None
