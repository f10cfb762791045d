"""Read a ``text/event-stream`` (server-sent events) line by line, as the HTML standard defines it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerSentEvent:
    id: str | None
    event: str
    data: str


def parse_events(lines: Iterable[str], *, positions: bool = False) -> Iterator[ServerSentEvent]:
    """Events from decoded lines (without their line endings); comments such as ``: keep-alive`` are skipped.

    With ``positions``, a block that only sets an id (``id: 41`` and no data) is yielded too, as an event
    of type ``""`` with empty data: the stream's position before any event, which a browser keeps as
    ``lastEventId`` and a reconnecting reader must send back to miss nothing.

        >>> list(parse_events(["id: 3", "event: published", 'data: {"id": 3}', ""]))
        [ServerSentEvent(id='3', event='published', data='{"id": 3}')]
    """
    event_id: str | None = None
    event_type = ""
    data: list[str] = []
    id_changed = False
    for line in lines:
        if line == "":
            if data:  # a blank line dispatches; one without data is only a separator
                yield ServerSentEvent(event_id, event_type or "message", "\n".join(data))
            elif positions and id_changed:
                yield ServerSentEvent(event_id, "", "")
            event_type, data, id_changed = "", [], False
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "data":
            data.append(value)
        elif field == "event":
            event_type = value
        elif field == "id" and "\0" not in value:
            event_id, id_changed = value, True  # the last id persists until changed, like a browser's lastEventId


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines from text chunks split anywhere, ending in ``\\r\\n``, ``\\n`` or ``\\r``.

    Written out because ``requests.iter_lines`` reports a phantom blank line when a chunk ends between
    ``\\r`` and ``\\n``, and a blank line means "dispatch" in this format.
    """
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        while True:
            cut = min((i for i in (buffer.find("\r"), buffer.find("\n")) if i >= 0), default=-1)
            if cut < 0 or (buffer[cut] == "\r" and cut == len(buffer) - 1):
                break  # no complete line yet, or a '\r' that a '\n' in the next chunk may complete
            yield buffer[:cut]
            buffer = buffer[cut + (2 if buffer.startswith("\r\n", cut) else 1):]
    if buffer:
        yield buffer.rstrip("\r")
