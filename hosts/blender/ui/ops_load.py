"""Load operators: search assets, list an asset's versions, load a representation with a loader."""

from __future__ import annotations

import json

import bpy
from brickyard.core.errors import BrickyardError
from brickyard.core.reference import Reference

from . import thumbnails
from .props import ui_state
from .run import run


THUMBNAILS = 10  # the newest versions' thumbnails fetched per listing


def _project(connection) -> str:
    return connection.settings.project


class BRICKYARD_OT_search_assets(bpy.types.Operator):
    """List the project's assets matching the search, folder, kind and approved-only filters"""

    bl_idname = "brickyard.search_assets"
    bl_label = "Search"

    def execute(self, context):
        state = ui_state(context)
        # No server-side status filter: it matches the *latest* version's status, and an asset whose v2
        # is approved while v3 is in review belongs in an approved-only list.
        filters = dict(search=state.search.strip(), folder=state.folder.strip().strip("/"), kind=state.kind.strip())
        approved_only = state.approved_only

        def deliver(assets):
            assets = [a for a in assets if a.latest_approved or not approved_only]
            state = ui_state()
            state.assets.clear()
            state.versions.clear()
            for asset in assets:
                item = state.assets.add()
                path = f"{asset.folder}/{asset.name}" if asset.folder else asset.name
                item.name = (f"{path}  ·  {asset.kind}  ·  v{asset.latest_version or 0}"
                             + (f" (approved v{asset.latest_approved})" if asset.latest_approved else ""))
                item.reference, item.kind = asset.reference, asset.kind
                item.latest, item.latest_approved = asset.latest_version or 0, asset.latest_approved or 0
            state.asset_index = 0 if assets else -1
            return True, f"{len(assets)} asset(s)"

        return run(self, context, "Search", lambda c: c.loader.assets(_project(c), **filters), deliver)


class BRICKYARD_OT_list_versions(bpy.types.Operator):
    """List the versions of the selected asset (newest first) with their representations"""

    bl_idname = "brickyard.list_versions"
    bl_label = "Versions"

    reference: bpy.props.StringProperty(description="The asset's reference; empty: the selected asset")

    def execute(self, context):
        state = ui_state(context)
        reference = self.reference
        if not reference and 0 <= state.asset_index < len(state.assets):
            reference = state.assets[state.asset_index].reference
        if not reference:
            self.report({"ERROR"}, "pick an asset first (Search, then select one)")
            return {"CANCELLED"}
        approved_only = state.approved_only

        def fetch(c):
            """The versions, and the newest ones' thumbnails from the local cache or the server."""
            versions = c.loader.versions(reference)
            wanted = [v.thumbnail for v in versions if v.thumbnail and (v.status.value == "approved"
                                                                        or not approved_only)]
            found = {}
            for sha256 in list(dict.fromkeys(wanted))[:THUMBNAILS]:
                try:
                    found[sha256] = str(c.client.fetch_blob(sha256))
                except BrickyardError:  # an unreadable thumbnail shows none; the versions still list
                    pass
            return versions, found

        def deliver(result):
            versions, found = result
            for sha256, path in found.items():
                thumbnails.add(sha256, path)
            state = ui_state()
            state.versions.clear()
            shown = [v for v in versions if v.status.value == "approved" or not approved_only]
            for version in shown:
                item = state.versions.add()
                reps = [r.name for r in version.representations]
                item.name = f"v{version.number:03d}  ·  {version.status.value}  ·  {', '.join(reps)}" + \
                    (f"  ·  {version.comment}" if version.comment else "")
                item.reference, item.number, item.status = version.reference, version.number, version.status.value
                item.kind, item.representations = version.kind, ",".join(reps)
                item.thumbnail = version.thumbnail if version.thumbnail in found else ""
            state.version_index = 0 if shown else -1
            return True, f"{len(shown)} version(s) of {Reference.parse(reference).asset_path}"

        return run(self, context, "Versions", fetch, deliver)


class BRICKYARD_OT_load(bpy.types.Operator):
    """Load the chosen version and representation with the chosen loader"""

    bl_idname = "brickyard.load"
    bl_label = "Load"
    bl_options = {"REGISTER"}

    reference: bpy.props.StringProperty(description="A version reference; empty: the selected version")
    representation: bpy.props.StringProperty(description="Empty: the one picked in the panel")
    loader: bpy.props.StringProperty(description="A loader's name, e.g. LinkBlend; empty: the panel's")
    options: bpy.props.StringProperty(description="The loader's options as JSON, e.g. {\"collection\": \"props\"}")

    def execute(self, context):
        state = ui_state(context)
        reference, representation, loader = self.reference, self.representation, self.loader
        if not reference and 0 <= state.version_index < len(state.versions):
            reference = state.versions[state.version_index].reference
        representation = representation or state.representation
        loader = loader or state.loader
        if not (reference and representation and loader):
            self.report({"ERROR"}, "pick a version, a representation and a loader first")
            return {"CANCELLED"}
        try:
            options = json.loads(self.options) if self.options else None
        except json.JSONDecodeError as exc:
            self.report({"ERROR"}, f"the options are not valid JSON ({exc}); e.g. {{\"collection\": \"props\"}}")
            return {"CANCELLED"}

        def deliver(container):
            return True, f"loaded {container.reference} as {container.name}"

        return run(self, context, "Load",
                   lambda c: c.loader.load(reference, representation, loader, options=options), deliver)


CLASSES = (BRICKYARD_OT_search_assets, BRICKYARD_OT_list_versions, BRICKYARD_OT_load)
