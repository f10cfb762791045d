"""The inventory: what the scene loaded, where each asset stands now, and switching versions in place.

The host lists its containers from its index; ONE ``resolve`` request answers for all of them (the
loaded version, the latest and the latest approved per asset). Updating any number of containers
makes one more ``resolve`` for the targets and fetches each distinct version once; a failure on one
container is reported and the others go on.

    >>> items = inventory(client, host)
    >>> [(i.name, i.loaded, i.latest, i.state) for i in items]
    [('hero', 3, 5, 'outdated')]
    >>> update_containers(client, host, loaders, [i.container_id for i in items], "approved")
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .container import Container, UnreadableContainer, parse_container
from .errors import BrickyardError
from .host import Host
from .load.operations import find_representation, materialise, remove, update
from .load.registry import LoaderRegistry
from .models import Resolved, Status

State = Literal["current", "outdated", "not_approved", "missing", "missing_files", "unreadable"]
Target = Literal["latest", "approved"] | int


@dataclass(frozen=True)
class InventoryItem:
    """One container and where its asset stands; plain data for a view to draw."""

    container_id: str
    name: str
    loader: str
    representation: str
    asset: str  # ``folder/asset`` of the asset it loaded
    loaded: int | None
    status: Status | None  # the loaded version's status
    latest: int | None
    latest_approved: int | None
    state: State
    message: str = ""  # why it is missing (or its files are), or unreadable
    reference: str = ""  # the container's pinned reference (empty when unreadable)


@dataclass(frozen=True)
class UpdateOutcome:
    container_id: str
    ok: bool
    from_version: int | None
    to_version: int | None
    message: str = ""


@dataclass(frozen=True)
class UpdateProgress:
    done: int
    total: int
    outcome: UpdateOutcome


ProgressFn = Callable[[UpdateProgress], None]


def read_containers(host: Host) -> list[Container | UnreadableContainer]:
    return [parse_container(data) for data in host.list_containers()]


def missing_files(host: Host, containers: Iterable[Container | UnreadableContainer]) -> dict[str, str]:
    """{container id: what is missing} for containers whose files are not on this machine (a moved
    library root, another machine). Asked of hosts that can tell (an optional ``missing_files`` method)."""
    check = getattr(host, "missing_files", None)
    return dict(check([c.id for c in containers])) if check is not None else {}


def inventory(client, host: Host) -> list[InventoryItem]:
    """Every container of ``host`` with its state, after ONE resolve request for all of them."""
    containers = read_containers(host)
    return states_of(client, containers, missing_files(host, containers))


def states_of(client, containers: list[Container | UnreadableContainer],
              missing: dict[str, str] | None = None) -> list[InventoryItem]:
    """The network half of ``inventory``: where each container's asset stands (ONE resolve request).
    ``missing`` (from ``missing_files``) marks containers whose files are gone: ``missing_files``."""
    readable = [c for c in containers if isinstance(c, Container)]
    answers = _resolve_once(client, [c.reference for c in readable])
    items = [_item(c, answers.get(c.reference)) if isinstance(c, Container) else _unreadable(c)
             for c in containers]
    return [replace(i, state="missing_files", message=f"{missing[i.container_id]}; Repair fetches them again")
            if missing and i.container_id in missing and i.state != "unreadable" else i for i in items]


def state_of(loaded: int, status: Status, latest: int | None) -> State:
    """``outdated`` when a newer version exists; else ``current`` if the loaded one is approved, else
    ``not_approved`` (the newest, but wip, in review, rejected or deprecated)."""
    if latest is not None and loaded < latest:
        return "outdated"
    return "current" if status == Status.approved else "not_approved"


def update_containers(client, host: Host, loaders: LoaderRegistry, container_ids: Iterable[str], target: Target,
                      progress: ProgressFn | None = None) -> list[UpdateOutcome]:
    """Switch the containers to ``target`` ("latest", "approved" or a number), grouped by loader.

    One resolve request for every target; each distinct version's files fetched once.
    """
    wanted = set(container_ids)
    found = {c.id: c for c in read_containers(host) if c.id in wanted}
    outcomes: list[UpdateOutcome] = []
    total = len(wanted)

    def report(outcome: UpdateOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(UpdateProgress(len(outcomes), total, outcome))

    for missing in sorted(wanted - set(found)):
        report(UpdateOutcome(missing, False, None, None, "the scene no longer has this container"))
    groups: dict[str, list[Container]] = defaultdict(list)
    for container in found.values():
        if isinstance(container, Container):
            groups[container.loader].append(container)
        else:
            report(UpdateOutcome(container.id, False, None, None, container.reason))
    targets = {c.id: str(c.ref.with_version(target)) for cs in groups.values() for c in cs}
    gone = missing_files(host, [c for cs in groups.values() for c in cs])
    answers = _resolve_once(client, targets.values())
    fetched: dict[tuple[int, str], list[Path]] = {}
    for loader_name, containers in groups.items():
        try:
            loader = loaders.get(loader_name)
        except BrickyardError as exc:
            for container in containers:
                report(UpdateOutcome(container.id, False, container.version, None, exc.message))
            continue
        for container in containers:
            report(_update_one(client, host, loader, container, answers[targets[container.id]], fetched,
                               repair=container.id in gone))
    return outcomes


def remove_containers(host: Host, loaders: LoaderRegistry, container_ids: Iterable[str]) -> list[UpdateOutcome]:
    """Remove what each container loaded, and the container; failures reported, the rest go on."""
    by_id = {c.id: c for c in read_containers(host)}
    outcomes = []
    for container_id in container_ids:
        container = by_id.get(container_id)
        if not isinstance(container, Container):
            reason = container.reason if container else "the scene no longer has this container"
            outcomes.append(UpdateOutcome(container_id, False, None, None, reason))
            continue
        try:
            remove(host, loaders.get(container.loader), container)
            outcomes.append(UpdateOutcome(container_id, True, container.version, None))
        except Exception as exc:  # one broken container must not stop the others
            outcomes.append(UpdateOutcome(container_id, False, container.version, None, _message(exc)))
    return outcomes


def _update_one(client, host: Host, loader, container: Container, answer: Resolved,
                fetched: dict[tuple[int, str], list[Path]], repair: bool = False) -> UpdateOutcome:
    """Switch one container; ``repair``: its files are missing, so even the same version is fetched and
    pointed at again."""
    if answer.error is not None or answer.version is None:
        message = (answer.error or {}).get("message") or f"{answer.reference} names no version"
        return UpdateOutcome(container.id, False, container.version, None, message)
    version = answer.version
    if version.id == container.version_id and not repair:
        return UpdateOutcome(container.id, True, container.version, version.number, "already at that version")
    try:
        key = (version.id, container.representation)
        if key not in fetched:
            find_representation(version, container.representation)
            fetched[key] = materialise(client, version, container.representation)
        notes: list[str] = []
        update(client, host, loader, container, version, paths=fetched[key], notes=notes)
    except Exception as exc:  # reported per container; the batch goes on
        return UpdateOutcome(container.id, False, container.version, version.number, _message(exc))
    if repair and version.id == container.version_id:
        notes.insert(0, f"repaired: v{version.number}'s files fetched again")
    return UpdateOutcome(container.id, True, container.version, version.number, "; ".join(notes))


def _resolve_once(client, references: Iterable[str]) -> dict[str, Resolved]:
    unique = list(dict.fromkeys(references))
    if not unique:
        return {}
    return dict(zip(unique, client.resolve(unique)))


def _item(container: Container, answer: Resolved | None) -> InventoryItem:
    version = answer.version if answer is not None else None
    state: State = "missing"
    message = ""
    if answer is None or answer.error is not None or version is None:
        message = ((answer.error or {}).get("message", "") if answer else "") or \
            f"{container.reference} names no version"
    else:
        state = state_of(version.number, version.status, answer.latest)
    return InventoryItem(
        container_id=container.id, name=container.name, loader=container.loader,
        representation=container.representation, asset=container.ref.asset_path, loaded=container.version,
        status=version.status if version else None, latest=answer.latest if answer else None,
        latest_approved=answer.latest_approved if answer else None, state=state, message=message,
        reference=container.reference)


def _unreadable(container: UnreadableContainer) -> InventoryItem:
    data = container.data
    return InventoryItem(container_id=container.id, name=str(data.get("name", "")), loader=str(data.get("loader", "")),
                         representation=str(data.get("representation", "")), asset="", loaded=None, status=None,
                         latest=None, latest_approved=None, state="unreadable", message=container.reason)


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, BrickyardError) else f"{type(exc).__name__}: {exc}"
