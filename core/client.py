"""The Brickyard API client: the domain's verbs over one ``requests.Session``.

    >>> with Client("http://localhost:8765", token) as client:
    ...     version = client.publish("film", "hero", "model", ["hero.blend"], folder="characters")
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
from pydantic import ValidationError

from .api_session import ApiSession
from .cache import BlobCache, materialise
from .config import load_config, not_configured
from .downloading import fetch_files, fetch_into_cache, pick_representations
from .errors import BrickyardError, InvalidInput, ServerUnavailable, error_from_body, invalid_fields
from .extract import ExtractorRegistry, default_registry
from .extract.fill import add_hashes, fill_metadata, read_facts
from .ingest import IngestPlan, IngestReport, plan_ingest, plan_lazily, run_ingest
from .manifest import plan_representations
from .annotation_models import AnnotationCreate, AnnotationPublic, AnnotationRevision, AnnotationUpdate, Shape
from .models import (
    AssetMove,
    AssetPage,
    AssetPublic,
    ColorSettings,
    CommentCreate,
    CommentPublic,
    CommentUpdate,
    EventPublic,
    KindSpec,
    Lineage,
    MemberAdd,
    MemberPublic,
    NamingRules,
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    Resolved,
    ResolveRequest,
    ResolveResponse,
    Role,
    Status,
    StatusChange,
    TokenCreated,
    UserCreate,
    UserCreated,
    UserPublic,
    VersionCreate,
    VersionList,
    VersionPreviews,
    VersionPublic,
)
from .progress import Progress
from .blob_models import BlobStoreInfo, UploadDone
from .hash_cache import HashCache
from .publish_journal import PublishJournal
from .publishing import HashedFile, check_before_upload, hash_sources, representations_payload
from .reference import Reference
from .review_client import ReviewCalls
from .sse import parse_events, split_lines
from .uploading import send_files

ProgressFn = Callable[[Progress], None]
STREAM_READ_TIMEOUT = 45.0  # the server sends a keep-alive every 15 s; three missed means it is gone
AUTO_KIND = "auto"  # publish(kind="auto"): the kind the file's content suggests
TEXT_KINDS = ("prompt", "workflow")
log = logging.getLogger("brickyard.publish")


def reference_for(version: VersionPublic, representation: str | None = None) -> Reference:
    """The reference pinned to a published version (optionally to one representation).

        >>> version = client.publish("film", "hero", "model", ["hero.blend"])
        >>> str(reference_for(version))   # 'brickyard://film/hero?version=1'
    """
    return Reference(project=version.project, folder=version.folder, asset=version.asset,
                     version=version.number, representation=representation)


def _as_reference(reference: str | Reference) -> Reference:
    return reference if isinstance(reference, Reference) else Reference.parse(str(reference))


def _segment(value: str) -> str:
    return quote(str(value), safe="")


class Client(ReviewCalls):
    """Talks to one Brickyard server; settings come from arguments, then env, then the user config file.

        >>> with Client() as client:        # BRICKYARD_URL / BRICKYARD_TOKEN or `brickyard login`
        ...     print(client.whoami().name)
    """

    def __init__(self, url: str | None = None, token: str | None = None, *, timeout: float = 30.0,
                 retries: int = 3, cache_dir: str | Path | None = None, library: str | Path | None = None,
                 config_path: str | Path | None = None):
        # The token is checked when a request needs one, so `Client(url).health()` works without it.
        config = load_config(url, token, library=library, cache_dir=cache_dir, config_path=config_path,
                             require_token=False)
        self.url = config.url
        self.library = config.library
        self.cache_dir = config.cache_dir
        self.timeout = timeout
        self._api = ApiSession(config.url, config.token, timeout=timeout, retries=retries,
                               token_missing=lambda: not_configured("token", "BRICKYARD_TOKEN",
                                                                    config.config_path))
        self.session: requests.Session = self._api.session  # public, to mount adapters or proxies
        self.cache = BlobCache(self.cache_dir)
        self.hash_cache = HashCache(Path(self.cache_dir) / "hashes.sqlite3")
        self._projects: dict[str, ProjectPublic] = {}
        self.extractors: ExtractorRegistry = default_registry()  # replace or extend to read other formats
        self._blob_store: BlobStoreInfo | None = None

    def close(self) -> None:
        """Close the connection pool.

            >>> client = Client(); client.close()
        """
        self._api.close()
        self.hash_cache.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<brickyard Client {self.url}>"

    def _get(self, path: str, **kwargs: Any) -> Any:
        return self._api.request("GET", path, **kwargs).json()

    # --- server, users, tokens ----------------------------------------------------------------------

    def health(self) -> dict:
        """The server's health; needs no token.

            >>> Client("http://localhost:8765").health()
            {'status': 'ok', 'version': '0.1.0'}
        """
        return self._api.request("GET", "/health", auth=False).json()

    def whoami(self) -> UserPublic:
        """The user the token belongs to.

            >>> client.whoami().name
            'ana'
        """
        return UserPublic.model_validate(self._get("/me"))

    def create_user(self, name: str) -> UserCreated:
        """Create a user (server admin only); the answer carries their first token, shown once.

            >>> token = admin.create_user("ana").token
        """
        body = UserCreate(name=name).model_dump(mode="json")
        return UserCreated.model_validate(self._api.request("POST", "/users", json=body).json())

    def create_token(self, user: str) -> TokenCreated:
        """A new token for ``user`` (the user themself, or a server admin).

            >>> created = admin.create_token("ana"); created.token
        """
        return TokenCreated.model_validate(self._api.request("POST", f"/users/{_segment(user)}/tokens").json())

    def revoke_token(self, token_id: int) -> None:
        """Revoke a token; it answers 401 from then on.

            >>> client.revoke_token(created.id)
        """
        self._api.request("DELETE", f"/tokens/{int(token_id)}")

    def users(self) -> list[UserPublic]:
        """Every user of the server (server admin only).

            >>> [u.name for u in admin.users()]
        """
        return [UserPublic.model_validate(u) for u in self._get("/users")]

    def sign_out(self) -> None:
        """Revoke the token this client uses; it answers 401 from then on.

            >>> client.sign_out()
        """
        self._api.request("DELETE", "/me/token")

    # --- projects and members ----------------------------------------------------------------------

    def projects(self) -> list[ProjectPublic]:
        """The projects the caller is a member of (all of them for a server admin).

            >>> [p.code for p in client.projects()]
        """
        return [ProjectPublic.model_validate(p) for p in self._get("/projects")]

    def project(self, code: str) -> ProjectPublic:
        """One project, with its naming rules and kinds.

            >>> client.project("film").naming.file_template
        """
        project = ProjectPublic.model_validate(self._get(f"/projects/{_segment(code)}"))
        self._projects[code] = project
        return project

    def _project_cached(self, code: str) -> ProjectPublic:
        """Naming rules and kinds barely ever change: fetch a project once per client."""
        return self._projects.get(code) or self.project(code)

    def create_project(self, code: str, name: str = "", *, naming: NamingRules | None = None,
                       kinds: list[KindSpec] | None = None) -> ProjectPublic:
        """Create a project (server admin only); the creator becomes its admin.

            >>> admin.create_project("film", "The Film")
        """
        body = ProjectCreate(code=code, name=name, naming=naming, kinds=kinds).model_dump(mode="json")
        return ProjectPublic.model_validate(self._api.request("POST", "/projects", json=body).json())

    def members(self, project: str) -> list[MemberPublic]:
        """The members of a project and their roles.

            >>> {m.user: m.role.value for m in client.members("film")}
        """
        return [MemberPublic.model_validate(m) for m in self._get(f"/projects/{_segment(project)}/members")]

    def add_member(self, project: str, user: str, role: Role | str) -> MemberPublic:
        """Add ``user`` to a project, or change their role (project admin only).

            >>> admin.add_member("film", "ana", "artist")
        """
        body = MemberAdd(user=user, role=Role(role)).model_dump(mode="json")
        answer = self._api.request("PUT", f"/projects/{_segment(project)}/members", json=body)
        return MemberPublic.model_validate(answer.json())

    def remove_member(self, project: str, user: str) -> None:
        """Remove ``user`` from a project (project admin only).

            >>> admin.remove_member("film", "ana")
        """
        self._api.request("DELETE", f"/projects/{_segment(project)}/members/{_segment(user)}")

    def update_project(self, code: str, *, name: str | None = None, naming: NamingRules | None = None,
                       kinds: list[KindSpec] | None = None, color: ColorSettings | None = None,
                       clear_color: bool = False) -> ProjectPublic:
        """Change a project's name, naming rules, kinds or the OCIO view its previews use (project admin
        only); None leaves one as it is, ``clear_color`` goes back to plain sRGB.

            >>> admin.update_project("film", name="The Film (2027)")
            >>> admin.update_project("film", color=ColorSettings(ocio_config="/studio/ocio/config.ocio"))
        """
        body = ProjectUpdate(name=name, naming=naming, kinds=kinds, color=color, clear_color=clear_color) \
            .model_dump(mode="json", exclude_none=True)
        if not clear_color:
            body.pop("clear_color")
        project = ProjectPublic.model_validate(
            self._api.request("PATCH", f"/projects/{_segment(code)}", json=body).json())
        self._projects.pop(code, None)
        return project

    def move_asset(self, project: str, path: str, *, folder: str, name: str) -> AssetPublic:
        """Rename or move an asset (supervisors); its versions stay and its old name still resolves.

            >>> client.move_asset("film", "looks/warm_grde", folder="looks", name="warm_grade")
        """
        body = AssetMove(path=path, folder=folder, name=name).model_dump(mode="json")
        answer = self._api.request("POST", f"/projects/{_segment(project)}/assets/move", json=body)
        return AssetPublic.model_validate(answer.json())

    # --- assets, versions, references --------------------------------------------------------------

    def assets(self, project: str, *, folder: str | None = None, kind: str | None = None, tag: str | None = None,
               status: Status | str | None = None, search: str | None = None,
               meta: Mapping[str, str] | None = None, sort: str | None = None,
               page_size: int = 100) -> Iterator[AssetPublic]:
        """Every matching asset, fetching pages lazily as the iteration needs them.

        ``search`` is words that must all appear (in names, folders, tags, version comments, review
        comments or prompts); ``meta`` is metadata that must equal the given text, e.g.
        ``{"base_model": "sdxl"}``; ``sort`` is ``path`` (the default), ``name``, ``kind``, ``published``
        or ``updated``, with a leading ``-`` for descending.

            >>> for asset in client.assets("film", folder="characters", status="approved"):
            ...     print(asset.reference)
            >>> loras = list(client.assets("film", kind="lora", meta={"base_model": "sdxl"}))
            >>> newest = next(client.assets("film", sort="-published"))
        """
        cursor = None
        while True:
            page = self.asset_page(project, folder=folder, kind=kind, tag=tag, status=status, search=search,
                                   meta=meta, sort=sort, cursor=cursor, limit=page_size)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def asset_page(self, project: str, *, folder: str | None = None, kind: str | None = None,
                   tag: str | None = None, status: Status | str | None = None, search: str | None = None,
                   meta: Mapping[str, str] | None = None, sort: str | None = None, cursor: str | None = None,
                   limit: int = 100) -> AssetPage:
        """One page of assets; pass ``page.next_cursor`` back (with the same sort) for the next.

            >>> page = client.asset_page("film", limit=50, sort="-updated")
            >>> more = client.asset_page("film", sort="-updated", cursor=page.next_cursor)
        """
        params = {"folder": folder, "kind": kind, "tag": tag, "search": search, "sort": sort, "cursor": cursor,
                  "status": Status(status).value if status else None, "limit": limit}
        params = {key: value for key, value in params.items() if value is not None}
        if meta:
            params["meta"] = [f"{key}={value}" for key, value in meta.items()]
        return AssetPage.model_validate(self._get(f"/projects/{_segment(project)}/assets", params=params))

    def versions(self, reference: str | Reference) -> list[VersionPublic]:
        """All versions of the referenced asset, ascending by number (the reference's version is ignored).

            >>> [v.number for v in client.versions("brickyard://film/characters/hero")]
        """
        ref = _as_reference(reference)
        answer = self._get(f"/projects/{_segment(ref.project)}/versions", params={"path": ref.asset_path})
        return VersionList.model_validate(answer).items

    def version(self, reference: str | Reference) -> VersionPublic:
        """The one version a reference names (``latest``, ``approved`` or a number).

            >>> client.version("brickyard://film/characters/hero?version=approved").number
        """
        item = self.resolve([reference])[0]
        if item.error is not None or item.version is None:
            error = item.error or {"code": "not_found", "message": f"{item.reference} names no version"}
            raise error_from_body(0, {"error": error}, fallback=f"cannot resolve {item.reference}")
        return item.version

    def resolve(self, references: Iterable[str | Reference]) -> list[Resolved]:
        """Resolve many references in ONE request; items in order, a failed one carries ``error``.

            >>> items = client.resolve(container_references)
            >>> outdated = [i for i in items if i.version and i.version.number < i.latest]
        """
        body = ResolveRequest(references=[str(_as_reference(r)) for r in references])
        answer = self._api.request("POST", "/resolve", json=body.model_dump(mode="json"), idempotent=True)
        return ResolveResponse.model_validate_json(answer.content).items

    def lineage(self, reference: str | Reference | VersionPublic) -> Lineage:
        """What the version was made from (``made_from``) and what was made from it (``used_by``).

            >>> [link.reference for link in client.lineage("brickyard://film/ai/robot_lora?version=3").used_by]
        """
        version_id = reference.id if isinstance(reference, VersionPublic) else self.version(reference).id
        return Lineage.model_validate(self._get(f"/versions/{version_id}/lineage"))

    def set_status(self, reference: str | Reference, status: Status | str, comment: str = "") -> VersionPublic:
        """Move the referenced version to ``status`` (supervisors approve; authors move wip ↔ review).

            >>> client.set_status("brickyard://film/hero?version=3", "approved", "ship it")
        """
        version = self.version(reference)
        body = StatusChange(status=Status(status), comment=comment).model_dump(mode="json")
        answer = self._api.request("POST", f"/versions/{version.id}/status", json=body)
        return VersionPublic.model_validate(answer.json())

    def comments(self, reference: str | Reference | VersionPublic) -> list[CommentPublic]:
        """The review thread of the referenced version, oldest first, each with the texts edits replaced.

            >>> [c.text for c in client.comments("brickyard://film/hero?version=3")]
        """
        version_id = reference.id if isinstance(reference, VersionPublic) else self.version(reference).id
        return [CommentPublic.model_validate(c) for c in self._get(f"/versions/{version_id}/comments")]

    def comment(self, reference: str | Reference | VersionPublic, text: str, *, frame: int | None = None,
                frame_end: int | None = None) -> CommentPublic:
        """Add ``text`` to the referenced version's review thread (artists and up), optionally pinned to
        a frame of its media, or to the range ``frame`` … ``frame_end``.

            >>> client.comment("brickyard://film/hero?version=3", "the rim light flickers", frame=1012).id
        """
        body = CommentCreate(text=text, frame=frame, frame_end=frame_end).model_dump(mode="json")
        version_id = reference.id if isinstance(reference, VersionPublic) else self.version(reference).id
        return CommentPublic.model_validate(
            self._api.request("POST", f"/versions/{version_id}/comments", json=body).json())

    def edit_comment(self, comment_id: int, text: str) -> CommentPublic:
        """Replace the text of your own comment; the old text stays in its ``history``.

            >>> client.edit_comment(42, "the rim light flickers at 1012-1015").history[-1].text
        """
        body = CommentUpdate(text=text).model_dump(mode="json")
        return CommentPublic.model_validate(self._api.request("PATCH", f"/comments/{comment_id}", json=body).json())

    def annotations(self, reference: str | Reference | VersionPublic) -> list[AnnotationPublic]:
        """The drawings on the referenced version's frames (deleted ones are left out), oldest first."""
        version_id = reference.id if isinstance(reference, VersionPublic) else self.version(reference).id
        return [AnnotationPublic.model_validate(a) for a in self._get(f"/versions/{version_id}/annotations")]

    def draw(self, reference: str | Reference | VersionPublic, text: str, frame: int, shapes: list[Shape | dict],
             *, frame_end: int | None = None) -> AnnotationPublic:
        """Comment on the referenced version with a drawing on ``frame`` (… ``frame_end``); coordinates are
        fractions (0..1) of the picture.

            >>> client.draw(ref, "move this left", 12, [{"id": "a", "kind": "arrow", "points": [[.2, .2], [.5, .5]]}])
        """
        body = AnnotationCreate(text=text, frame=frame, frame_end=frame_end,
                                shapes=[Shape.model_validate(s) for s in shapes]).model_dump(mode="json")
        version_id = reference.id if isinstance(reference, VersionPublic) else self.version(reference).id
        return AnnotationPublic.model_validate(
            self._api.request("POST", f"/versions/{version_id}/annotations", json=body).json())

    def edit_annotation(self, annotation_id: int, shapes: list[Shape | dict], *, frame: int | None = None,
                        frame_end: int | None = None) -> AnnotationPublic:
        """Replace your drawing's shapes (and frames); the earlier ones stay in its history."""
        body = AnnotationUpdate(shapes=[Shape.model_validate(s) for s in shapes], frame=frame,
                                frame_end=frame_end).model_dump(mode="json")
        return AnnotationPublic.model_validate(
            self._api.request("PUT", f"/annotations/{annotation_id}", json=body).json())

    def delete_annotation(self, annotation_id: int) -> AnnotationPublic:
        """Take your drawing off its frame; its history keeps every shape it had."""
        return AnnotationPublic.model_validate(self._api.request("DELETE", f"/annotations/{annotation_id}").json())

    def annotation_thumbnail(self, annotation_id: int) -> bytes:
        """The drawing flattened over its frame as a PNG, longest side 512 px (the server makes it)."""
        return self._api.request("GET", f"/annotations/{annotation_id}/thumbnail.png").content

    def annotation_history(self, annotation_id: int) -> list[AnnotationRevision]:
        return [AnnotationRevision.model_validate(r) for r in self._get(f"/annotations/{annotation_id}/history")]

    def previews(self, reference: str | Reference) -> VersionPreviews:
        """The referenced version's review media: per representation its state and derived files.

            >>> [f.role for r in client.previews(ref).representations for f in r.files]
        """
        version = self.version(reference)
        return VersionPreviews.model_validate(self._get(f"/versions/{version.id}/previews"))

    def regenerate_previews(self, reference: str | Reference) -> VersionPreviews:
        """Queue the version's review media again (project admins); answers with them pending.

            >>> client.regenerate_previews("brickyard://film/hero?version=3")
        """
        version = self.version(reference)
        answer = self._api.request("POST", f"/versions/{version.id}/previews/regenerate", idempotent=True)
        return VersionPreviews.model_validate(answer.json())

    # --- publish and download ----------------------------------------------------------------------

    def publish(self, project: str, asset: str, kind: str,
                paths: Sequence[str | Path] | Mapping[str, str | Path | Sequence[str | Path]], *,
                folder: str = "", comment: str = "", status: Status | str = "wip", tags: Sequence[str] = (),
                metadata: Mapping[str, Any] | None = None, inputs: Sequence[str | Reference] = (),
                thumbnail: str | Path | None = None, workfile: str | Path | None = None,
                progress: ProgressFn | None = None, idempotency_key: str | None = None,
                sequences: bool = True, frames: str | None = None) -> VersionPublic:
        """Publish files as a new version: hash once, upload only what the server lacks, create in one request.

        Metadata the files carry (safetensors headers, generation parameters in images, workflows) fills
        what ``metadata`` leaves out; a contradiction (``base_model`` sdxl for a Flux LoRA) is refused.
        ``kind="auto"`` takes the kind the content suggests.
        Numbered files become frame sequences (``sequences=False``: plain files); a sequence with gaps
        needs ``frames="1-10,12,15-20"``, the exact set it holds.

            >>> version = client.publish("film", "hero", "model", ["out/hero.blend", "out/hero.glb"],
            ...                          folder="characters", comment="blocking", status="review")
        """
        metadata = dict(metadata or {})
        plans = plan_representations(paths, sequences=sequences, frames=frames)
        input_refs = [str(_as_reference(i)) for i in inputs]
        thumb = Path(thumbnail) if thumbnail else None
        if thumb and not thumb.is_file():
            raise InvalidInput(f"the thumbnail {thumb} does not exist; check the path", detail={"path": str(thumb)})
        try:
            status = Status(status)
        except ValueError:
            raise InvalidInput(f"unknown status {status!r}; use one of {[s.value for s in Status]}") from None
        # What the files say about themselves fills the metadata the user left out (headers only).
        facts = read_facts(self.extractors, [plan.files[0].source for plan in plans])
        for warning in facts.warnings:
            log.warning(warning)
        if kind == AUTO_KIND:
            if not facts.kind:
                raise InvalidInput(f"cannot tell the kind of {asset!r} from its files; pass a kind",
                                   detail={"asset": asset})
            kind = facts.kind
        if facts.kind in TEXT_KINDS and kind != facts.kind:
            facts.metadata = {}  # a .txt or .json published as something else is not a prompt or workflow
        many = sum(len(plan.files) for plan in plans) > 1
        metadata = fill_metadata(metadata, facts, many_files=many)
        try:
            check_before_upload(self._project_cached(project), folder=folder, asset=asset, kind=kind,
                                metadata=metadata)
        except InvalidInput:  # a project admin may have changed the rules since: judge by the current ones
            check_before_upload(self.project(project), folder=folder, asset=asset, kind=kind, metadata=metadata)
        sources = [f.source for plan in plans for f in plan.files] + ([thumb] if thumb else [])

        def manifest_of(hashed: Mapping[Path, HashedFile]) -> VersionCreate:
            try:
                return VersionCreate(
                    folder=folder, asset=asset, kind=kind, status=status, comment=comment, tags=list(tags),
                    metadata=metadata, inputs=input_refs, thumbnail=hashed[thumb].sha256 if thumb else None,
                    workfile=str(workfile) if workfile else None,
                    representations=representations_payload(plans, hashed))
            except ValidationError as exc:
                raise invalid_fields(exc, f"cannot publish {asset!r}") from None

        # Every field's limit is checked before a byte is hashed or sent: a refusal stores nothing.
        manifest_of({source: HashedFile(source, "0" * 64, 0) for source in sources})
        is_model = facts.source is not None and not many and facts.metadata.get("format") in ("safetensors", "pickle")
        # A model's tensor-bytes hash (AutoV3) comes from the same single read that hashes or uploads it.
        tails = {facts.source: facts.tensor_offset} if is_model and facts.source and facts.tensor_offset else {}
        uploads: list[UploadDone] = []  # presigned PUTs the version create completes (an object store)
        hashed = send_files(self._api, self.hash_cache, sources, self._store_info, progress, tails, uploads)
        if is_model and facts.source is not None:
            tail = hashed[facts.source].tail_sha256 if tails else None
            if tails and tail is None:  # an empty file: nothing was read to hash its tail from
                tail = hash_sources([facts.source], None, tails)[facts.source].tail_sha256
            for warning in add_hashes(metadata, hashed[facts.source].sha256, tail):
                log.warning(f"{facts.source.name}: {warning}")
        manifest = manifest_of(hashed)
        # One key per publish, reused by its retries — and, through the journal, by a rerun after this
        # process was killed: the server creates the version at most once.
        body = manifest.model_dump(mode="json", exclude={"uploads"})
        entry = None if idempotency_key else PublishJournal(self.cache_dir).begin(project, body)
        if uploads:  # not part of what the journal (or the key) is bound to: a rerun sends none
            body["uploads"] = [u.model_dump(mode="json") for u in uploads]
        headers = {"Idempotency-Key": entry.key if entry else str(idempotency_key)}
        try:
            answer = self._api.request("POST", f"/projects/{_segment(project)}/versions", idempotent=True,
                                       json=body, headers=headers)
        except BrickyardError as exc:
            if entry and exc.status < 500:
                entry.finish()  # refused: nothing was created
            raise
        if entry:
            entry.finish()
        return VersionPublic.model_validate(answer.json())

    def ingest(self, project: str, directory: str | Path, *, folder: str = "", grouping: str = "each",
               kind: str = AUTO_KIND, status: Status | str = "wip", dry_run: bool = False,
               progress: ProgressFn | None = None) -> tuple[IngestPlan, IngestReport | None]:
        """Plan a folder of files as assets (one per file by default) and publish them in bulk.

        Files whose bytes the project already has are reported as duplicates, not re-published; a re-run
        after an interruption sends nothing twice and creates nothing twice. ``dry_run`` only plans.

            >>> plan, report = client.ingest("film", "ComfyUI/output", folder="gens/lighthouse")
            >>> print(report.summary())
        """
        options = {"folder": folder, "grouping": grouping, "kind": kind}
        if dry_run:
            plan = plan_ingest(directory, self._project_cached(project), self.extractors, **options)  # type: ignore[arg-type]
            report = None
        else:  # planned as it goes: the first versions travel while later files' headers are read
            plan = IngestPlan(Path(directory))
            versions = plan_lazily(plan, self._project_cached(project), self.extractors, **options)  # type: ignore[arg-type]
            report = run_ingest(self._api, project, plan, status=Status(status).value, progress=progress,
                                cache=self.hash_cache, versions=versions)
        for warning in plan.warnings:
            log.warning(warning)
        return plan, report

    def _store_info(self) -> BlobStoreInfo:
        """How this server stores blobs (asked once per client): it decides how new files travel."""
        if self._blob_store is None:
            self._blob_store = BlobStoreInfo.model_validate(self._get("/blobs/store"))
        return self._blob_store

    def download(self, reference: str | Reference | VersionPublic, *, to: str | Path | None = None,
                 representation: str | None = None, progress: ProgressFn | None = None) -> list[Path]:
        """Fetch a version into the cache and lay it out under ``to`` (default: the library root).

        Pass a ``VersionPublic`` you already hold to skip resolving its reference again.

            >>> paths = client.download("brickyard://film/characters/hero?version=approved")
            >>> client.download(version, to="/tmp/look", representation="exr")
        """
        if isinstance(reference, VersionPublic):
            version = reference
        else:
            ref = _as_reference(reference)
            version = self.version(ref)
            representation = representation or ref.representation
        fetch_files(self._api, self.cache, pick_representations(version, representation), progress)
        rules = self._project_cached(version.project).naming
        return materialise(self.cache, version, rules, Path(to) if to else self.library,
                           representation=representation)

    def fetch_blob(self, sha256: str, size: int | None = None, progress: ProgressFn | None = None) -> Path:
        """The cached path of a blob, downloaded and verified first unless the cache has it (then nothing is sent).

        Without ``size`` (a version's ``thumbnail`` names only its sha256) one HEAD asks the server for it.

            >>> path = client.fetch_blob(entry.sha256, entry.size)
            >>> thumb = client.fetch_blob(version.thumbnail)
        """
        if size is None:
            if self.cache.path(sha256).is_file():  # cached blobs were verified when written
                return self.cache.path(sha256)
            answer = self._api.request("HEAD", f"/blobs/{_segment(sha256)}")
            size = int(answer.headers["Content-Length"])
        total: int = size
        if not self.cache.has(sha256, total):
            def report(done: int) -> None:
                if progress:
                    progress(Progress("download", sha256[:12], done, total, 0, 1))

            fetch_into_cache(self._api, self.cache, sha256, total, report)
        return self.cache.path(sha256)

    # --- events ------------------------------------------------------------------------------------

    def events(self, project: str, *, after: int | None = None) -> list[EventPublic]:
        """The project's events (the audit trail), ascending by id, optionally only those after an id.

            >>> for event in client.events("film", after=120): print(event.type, event.data)
        """
        params = {"after": after} if after is not None else {}
        return [EventPublic.model_validate(e) for e in self._get(f"/projects/{_segment(project)}/events",
                                                                  params=params)]

    def stream_events(self, project: str, *, last_event_id: int | None = None,
                      give_up_after: float | None = None, max_pause: float = 5.0) -> Iterator[EventPublic]:
        """Live events as they happen (server-sent events), each exactly once, in order.

        The stream's position comes with its first bytes, so a reconnect — after a drop, a restart, an
        outage of any length — resumes where it stopped, before the first event as after the hundredth.
        It reconnects with backoff (pauses up to ``max_pause`` seconds) for as long as the caller keeps
        iterating, or until ``give_up_after`` seconds pass without a connection (``ServerUnavailable``).
        Access that ends (a revoked token, a removed member) ends it with that error.

            >>> for event in client.stream_events("film"):
            ...     print(event.type, event.data)
        """
        last = last_event_id
        failures, failing_since = 0, None
        while True:
            headers = {"Accept": "text/event-stream"}
            if last is not None:
                headers["Last-Event-ID"] = str(last)
            try:
                with self._api.request("GET", "/events/stream", params={"project": project}, headers=headers,
                                       stream=True, idempotent=False,
                                       read_timeout=max(self.timeout, STREAM_READ_TIMEOUT)) as response:
                    failures, failing_since = 0, None
                    response.encoding = "utf-8"  # the event-stream format is always UTF-8
                    chunks = response.iter_content(chunk_size=None, decode_unicode=True)
                    lines = split_lines(c if isinstance(c, str) else c.decode("utf-8") for c in chunks)
                    for message in parse_events(lines, positions=True):
                        if not message.data:  # the position the stream starts from
                            if message.id and message.id.isascii() and message.id.isdigit():
                                last = int(message.id)
                            continue
                        event = EventPublic.model_validate_json(message.data)
                        if last is not None and event.id <= last:
                            continue  # already delivered before a reconnect
                        last = event.id
                        yield event
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    ServerUnavailable) as exc:
                failures += 1
                failing_since = failing_since or time.monotonic()
                if give_up_after is not None and time.monotonic() - failing_since >= give_up_after:
                    raise exc if isinstance(exc, ServerUnavailable) else self._api.unavailable(exc) from exc
            time.sleep(min(0.25 * 2 ** min(failures, 8), max_pause))  # ended or broke: reconnect after a pause
