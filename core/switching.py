"""Switch loaded containers to another asset, or to another representation of what they hold, in place.

Each container's own loader does it through its ``update`` (so what the artist did to the loaded thing
stays), after checking it can load the new kind and representation; one resolve request for the
target, its files fetched once.

    >>> switch_containers(client, host, loaders, ["c1", "c2"], "brickyard://film/props/mug?version=approved")
    >>> switch_containers(client, host, loaders, ["c3"], representation="proxy")   # same version, other form
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .container import Container
from .errors import BrickyardError, InvalidInput
from .host import Host
from .inventory import UpdateOutcome, read_containers
from .load.operations import find_representation, materialise, update
from .load.registry import LoaderRegistry
from .reference import Reference


def switch_containers(client, host: Host, loaders: LoaderRegistry, container_ids: Iterable[str],
                      reference: str | None = None, *, representation: str | None = None) -> list[UpdateOutcome]:
    """Point each container at ``reference`` (default: the version it holds) and ``representation``
    (default: the one it has); a failure is reported per container while the rest go on."""
    if reference is None and representation is None:
        raise InvalidInput("switch to what? give another asset's reference or another representation")
    wanted = list(dict.fromkeys(container_ids))
    found = {c.id: c for c in read_containers(host) if c.id in wanted and isinstance(c, Container)}
    held = {cid: c.ref.with_version(c.version).with_representation(None) for cid, c in found.items()}
    targets = {cid: str(Reference.parse(reference).with_representation(None) if reference else held[cid])
               for cid in found}
    texts = list(dict.fromkeys(targets.values()))
    answers = dict(zip(texts, client.resolve(texts))) if texts else {}  # one request
    fetched: dict[tuple[int, str], list[Path]] = {}
    outcomes = []
    for cid in wanted:
        container = found.get(cid)
        if container is None:
            outcomes.append(UpdateOutcome(cid, False, None, None, "the scene has no usable container by that id"))
            continue
        outcomes.append(_switch_one(client, host, loaders, container, answers[targets[cid]], representation,
                                    fetched))
    return outcomes


def _switch_one(client, host: Host, loaders: LoaderRegistry, container: Container, answer, rep_name: str | None,
                fetched: dict[tuple[int, str], list[Path]]) -> UpdateOutcome:
    version = answer.version
    if answer.error is not None or version is None:
        return UpdateOutcome(container.id, False, container.version, None,
                             (answer.error or {}).get("message") or f"{answer.reference} names no version")
    try:
        loader = loaders.get(container.loader)
        names = [r.name for r in version.representations]
        if rep_name is None:  # another asset: the same form where it has one, else its only one
            rep_name = container.representation if container.representation in names or len(names) != 1 \
                else names[0]
        rep = find_representation(version, rep_name)
        if not loader.serves(host=host.name, kind=version.kind, representation=rep.name):
            raise InvalidInput(f"{loader.label or loader.name()} cannot hold {version.kind} / {rep.name}; "
                               "remove this container and load the other asset with a loader that can")
        key = (version.id, rep.name)
        if key not in fetched:
            fetched[key] = materialise(client, version, rep.name)
        notes: list[str] = []
        moved = container.model_copy(update={"representation": rep.name})
        update(client, host, loader, moved, version, paths=fetched[key], notes=notes)
    except BrickyardError as exc:
        return UpdateOutcome(container.id, False, container.version, version.number, exc.message)
    except Exception as exc:  # one broken container must not stop the others
        return UpdateOutcome(container.id, False, container.version, version.number, f"{type(exc).__name__}: {exc}")
    where = f"{version.folder + '/' if version.folder else ''}{version.asset} v{version.number:03d} ({rep.name})"
    return UpdateOutcome(container.id, True, container.version, version.number,
                         "; ".join([f"now {where}", *notes]))
