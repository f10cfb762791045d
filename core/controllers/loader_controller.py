"""What the Loader window and Blender's Load panel call: browse, pick a version, load it.

    >>> ctrl = LoaderController(client, host, loaders)
    >>> tree = ctrl.folder_tree("film")
    >>> assets = ctrl.assets("film", folder="characters", search="hero", status="approved")
    >>> ctrl.load(assets[0].reference.replace("latest", "approved"), "blend", "LinkBlend")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote
from pathlib import Path
from typing import Any

from ..container import Container
from ..errors import NotFound
from ..host import Host
from ..load import operations
from ..load.registry import LoaderRegistry
from ..annotation_models import AnnotationPublic
from ..models import AssetPublic, CommentPublic, Lineage, ProjectPublic, RepresentationPublic, Status, VersionPublic
from ..progress import ProgressCallback
from ..reference import Reference


@dataclass
class FolderNode:
    """A folder of the project and how many assets sit in it and below it."""

    name: str
    path: str
    asset_count: int = 0
    children: list[FolderNode] = field(default_factory=list)

    def child(self, name: str) -> FolderNode:
        for node in self.children:
            if node.name == name:
                return node
        node = FolderNode(name, f"{self.path}/{name}" if self.path else name)
        self.children.append(node)
        self.children.sort(key=lambda n: n.name)
        return node


@dataclass(frozen=True)
class LoaderInfo:
    name: str
    label: str
    options_schema: dict[str, Any] | None


@dataclass
class ReviewNote:
    """A comment of a version's review and the drawing it carries (None for words only)."""

    comment: CommentPublic
    drawing: AnnotationPublic | None = None


class LoaderController:
    def __init__(self, client, host: Host, loaders: LoaderRegistry):
        self.client = client
        self.host = host
        self.loaders = loaders
        self._versions: dict[str, VersionPublic] = {}

    def projects(self) -> list[ProjectPublic]:
        return self.client.projects()

    def folder_tree(self, project: str) -> FolderNode:
        """The project's folders, built from one listing of its assets."""
        root = FolderNode("", "")
        for asset in self.client.assets(project, page_size=500):
            node = root
            node.asset_count += 1
            for segment in filter(None, asset.folder.split("/")):
                node = node.child(segment)
                node.asset_count += 1
        return root

    def assets(self, project: str, *, folder: str | None = None, search: str | None = None,
               kind: str | None = None, tag: str | None = None, status: str | None = None) -> list[AssetPublic]:
        """Assets in ``folder`` and below, filtered on the server; in ``search``, a ``key=value`` word is a
        metadata filter (``fox base_model=sdxl``) and the other words must all match."""
        words, meta = split_search(search or "")
        return list(self.client.assets(project, folder=folder or None, search=words or None, kind=kind or None,
                                       tag=tag or None, status=status or None, meta=meta or None, page_size=500))

    def versions(self, asset_reference: str | Reference) -> list[VersionPublic]:
        """Every version of the asset, newest first, each with its status and representations."""
        versions = self.client.versions(asset_reference)
        self._versions.update((v.reference, v) for v in versions)
        return sorted(versions, key=lambda v: v.number, reverse=True)

    def version(self, version_reference: str | Reference) -> VersionPublic:
        key = str(version_reference)
        if key not in self._versions:  # a pinned version never changes files; status is refreshed by versions()
            version = self.client.version(version_reference)
            self._versions[key] = self._versions[version.reference] = version
        return self._versions[key]

    def lineage(self, version_reference: str | Reference) -> Lineage:
        """What the version was made from and what was made from it (one request)."""
        return self.client.lineage(version_reference)

    def review_notes(self, version: VersionPublic) -> list[ReviewNote]:
        """The version's review thread, oldest first, each comment with the drawing it carries (if any):
        its comments and its drawings, one request each."""
        drawn = {d.comment_id: d for d in self.client.annotations(version)}
        return [ReviewNote(c, drawn.get(c.id)) for c in self.client.comments(version)]

    def set_status(self, version_reference: str | Reference, status: str, note: str = "") -> VersionPublic:
        """Approve, reject … (supervisors); the version as it is now."""
        version = self.client.set_status(version_reference, status, note)
        self._versions[version.reference] = version
        return version

    def representations(self, version_reference: str | Reference) -> list[RepresentationPublic]:
        return list(self.version(version_reference).representations)

    def loaders_for(self, version_reference: str | Reference, representation: str) -> list[LoaderInfo]:
        """The loaders this host offers for that version's kind and representation, best first."""
        kind = self.version(version_reference).kind
        return [LoaderInfo(cls.name(), cls.label or cls.name(), cls.options_schema())
                for cls in self.loaders.serving(kind=kind, representation=representation)]

    # --- what the asset list's menu does, on a version pinned by number (``pinned``) --------------------
    def default_choice(self, version_reference: str | Reference) -> tuple[VersionPublic, str, str]:
        """(version, representation, loader) a plain "Load" uses: the version's first representation this
        host can load, with its best loader (one request: the version)."""
        version = self.version(version_reference)
        for rep in version.representations:
            serving = self.loaders.serving(kind=version.kind, representation=rep.name)
            if serving:
                return version, rep.name, serving[0].name()
        raise NotFound(f"{self.host.name} has no loader for {version.asset} v{version.number:03d} "
                       f"({version.kind}: {', '.join(r.name for r in version.representations)}); "
                       "download it instead", detail={"reference": version.reference})

    def download_to(self, version_reference: str | Reference, folder: str | Path, *,
                    progress: ProgressCallback | None = None) -> list[Path]:
        """Every file of the version laid out under ``folder`` (as ``brickyard get --to``)."""
        return self.client.download(version_reference, to=folder, progress=progress)

    def web_url(self, reference: str | Reference) -> str:
        return web_page_url(self.client.url, reference)

    def fetch(self, version_reference: str | Reference, representation: str, loader: str, *,
              progress: ProgressCallback | None = None) -> list[Path]:
        """Download what ``load`` will need, without touching the scene (so it can run beside host work)."""
        return operations.fetch(self.client, self.host, self.loaders.get(loader), self.version(version_reference),
                                representation, progress=progress)

    def load(self, version_reference: str | Reference, representation: str, loader: str, *,
             options: dict[str, Any] | None = None, progress: ProgressCallback | None = None,
             paths: list[Path] | None = None) -> Container:
        """Load it into the scene (``paths``: what ``fetch`` returned; else it downloads them first)."""
        version = self.version(version_reference)
        return operations.load(self.client, self.host, self.loaders.get(loader), version, representation,
                               options=options, progress=progress, paths=paths)


def preferred_version(versions: list[VersionPublic], prefer: str) -> VersionPublic | None:
    """The version to offer first: the latest approved where preferred (and there is one), else the latest."""
    if not versions:
        return None
    if prefer == "approved":
        approved = [v for v in versions if v.status == Status.approved]
        if approved:
            return max(approved, key=lambda v: v.number)
    return max(versions, key=lambda v: v.number)


def pinned(asset: AssetPublic, prefer: str = "approved") -> str | None:
    """The reference of the version the Loader offers first for ``asset`` (its latest approved where
    preferred and there is one, else its latest), from the listing alone; None before any version."""
    number = asset.latest_approved if prefer == "approved" and asset.latest_approved else asset.latest_version
    return str(Reference.parse(asset.reference).with_version(number)) if number else None


def web_page_url(server_url: str, reference: str | Reference) -> str:
    """The web app's page of the asset (on its version when the reference pins one)."""
    ref = Reference.parse(str(reference))
    number = f"?v={ref.version}" if isinstance(ref.version, int) else ""
    return f"{server_url.rstrip('/')}/p/{quote(ref.project)}/asset/{quote(ref.asset_path)}{number}"


def split_search(text: str) -> tuple[str, dict[str, str]]:
    """``("fox snow", {"base_model": "sdxl"})`` for ``"fox base_model=sdxl snow"``."""
    words, meta = [], {}
    for word in text.split():
        key, sep, value = word.partition("=")
        if sep and key and value:
            meta[key] = value
        else:
            words.append(word)
    return " ".join(words), meta
