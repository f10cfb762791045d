"""The ingest's version creator: batches in order, one request in flight, the next batch built meanwhile."""

from __future__ import annotations

import threading

import pytest
from brickyard.core.ingest.creator import CREATE_BATCH, VersionCreator


def test_the_next_batch_is_built_while_the_one_before_is_in_flight_and_sent_after_it():
    events: list[str] = []
    second_built = threading.Event()

    def prepare(batch: list[int]) -> list[int]:
        events.append(f"prepare {batch[0]}")
        if batch[0] == CREATE_BATCH:
            second_built.set()
        return batch

    def send(batch: list[int]) -> None:
        events.append(f"send {batch[0]}")
        if batch[0] == 0:  # the first create answers only once the second batch is built (never, if serial)
            assert second_built.wait(10), "the next batch was not built while the first was in flight"
        events.append(f"sent {batch[0]}")

    creator = VersionCreator(prepare, send, ready=lambda version: True)
    creator.add(list(range(3 * CREATE_BATCH)))
    creator.finish()
    second, third = CREATE_BATCH, 2 * CREATE_BATCH
    assert events.index("sent 0") < events.index(f"send {second}")  # sent only once the first was answered
    assert [e for e in events if e.startswith("send")] == ["send 0", f"send {second}", f"send {third}"]


def test_a_failed_create_ends_the_run_and_the_batch_built_meanwhile_is_not_sent():
    sent: list[int] = []

    def send(batch: list[int]) -> None:
        sent.append(batch[0])
        raise ConnectionError("the server went away")

    creator = VersionCreator(lambda batch: batch, send, ready=lambda version: True)
    creator.add(list(range(2 * CREATE_BATCH)))
    with pytest.raises(ConnectionError):
        creator.finish()
    assert sent == [0]


def test_versions_wait_for_their_bytes_and_every_ready_one_goes_at_the_end():
    landed: set[int] = set()
    sent: list[list[int]] = []
    creator = VersionCreator(lambda batch: batch, sent.append, ready=lambda version: version in landed)
    creator.add(list(range(CREATE_BATCH + 10)))
    landed.update(range(CREATE_BATCH - 1))  # one short of a full batch: nothing goes yet
    creator.poke()
    landed.update(range(CREATE_BATCH, CREATE_BATCH + 10))  # later ones landed first: order is kept
    creator.poke()
    threading.Event().wait(0.2)
    assert sent == []
    landed.add(CREATE_BATCH - 1)
    creator.poke()
    creator.finish()
    assert [len(batch) for batch in sent] == [CREATE_BATCH, 10]
    assert [v for batch in sent for v in batch] == list(range(CREATE_BATCH + 10))


def test_at_the_end_a_part_batch_waits_for_more_to_land_while_a_create_is_in_flight():
    """Not one small request per landing: the server is busy with the batch before anyway."""
    landed = set(range(CREATE_BATCH))
    sizes: list[int] = []
    first_sent, release = threading.Event(), threading.Event()

    def send(batch: list[int]) -> None:
        sizes.append(len(batch))
        if len(sizes) == 1:
            first_sent.set()
            assert release.wait(10)

    creator = VersionCreator(lambda batch: batch, send, ready=lambda version: version in landed)
    creator.add(list(range(CREATE_BATCH + 300)))
    finishing = threading.Thread(target=creator.finish)
    finishing.start()  # nothing more will be added: what is ready may go as a part batch
    assert first_sent.wait(10)
    for start in range(CREATE_BATCH, CREATE_BATCH + 300, 100):  # the last bundles land one by one
        landed.update(range(start, start + 100))
        creator.poke()
        threading.Event().wait(0.05)
    release.set()
    finishing.join(10)
    assert sizes == [CREATE_BATCH, 300]
