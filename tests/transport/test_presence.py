"""The presence posts between processes, on a real backbone's inbox channels (the embedded one, in one loop)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.backbone.memory import MemoryBackbone
from server.protocol.codec import pack, unpack_trusted
from server.transport.presence import DELAY, Presence

BOARD = "b1"


class Process:
    """One process's side of a board's presence: the people connected to it, the frames its sockets got."""

    def __init__(self, backbone: MemoryBackbone, me: str) -> None:
        self.people: dict[str, str] = {}
        self.frames: list[dict[str, object]] = []
        self.presence = Presence(BOARD, backbone, me, lambda: dict(self.people), self._send)

    def _send(self, frame: bytes) -> None:
        self.frames.append(unpack_trusted(frame))

    def total(self) -> object:
        return self.presence.current()["total"]


@pytest.fixture
async def backbone(tmp_path: Path) -> AsyncIterator[MemoryBackbone]:
    bb = MemoryBackbone(tmp_path / "data")
    await bb.start()
    yield bb
    await bb.close()


async def settle() -> None:
    await asyncio.sleep(DELAY + 0.2)


async def test_a_closed_board_posts_nothing_after_its_goodbye(backbone: MemoryBackbone) -> None:
    a, b = Process(backbone, "a"), Process(backbone, "b")
    b.presence.start()
    a.presence.start()
    await settle()
    a.people = {"x": "Academia", "y": "Other"}
    a.presence.changed()
    await settle()
    assert b.total() == 2
    await a.presence.close()
    await settle()
    assert b.total() == 0
    a.people = {"y": "Other"}  # a socket detached while the board was closing
    a.presence.changed()
    await settle()
    assert b.total() == 0, "the closed board's people came back"
    await b.presence.close()


async def test_an_older_post_arriving_late_does_not_bring_people_back(backbone: MemoryBackbone) -> None:
    b = Process(backbone, "b")
    b.presence.start()
    await settle()
    await backbone.post(f"presence:{BOARD}", pack({"from": "a/1", "n": 5, "people": {}, "ask": False}))
    await backbone.post(f"presence:{BOARD}", pack({"from": "a/1", "n": 4, "people": {"x": "Other"}, "ask": False}))
    await settle()
    assert b.total() == 0
    await backbone.post(f"presence:{BOARD}", pack({"from": "a/1", "n": 6, "people": {"x": "Other"}, "ask": False}))
    await settle()
    assert b.total() == 1
    await b.presence.close()


async def test_a_board_loaded_again_in_the_same_process_is_heard(backbone: MemoryBackbone) -> None:
    b = Process(backbone, "b")
    b.presence.start()
    first = Process(backbone, "a")
    first.presence.start()
    for n in range(3):  # posts numbered 1, 2, 3 ...
        first.people = {f"p{n}": "Other"}
        first.presence.changed()
        await settle()
    await first.presence.close()
    again = Process(backbone, "a")  # ... and the new instance numbers from 1 again
    again.people = {"z": "Academia"}
    again.presence.start()
    await settle()
    assert b.total() == 1
    assert b.frames[-1]["by_group"] == {"Academia": 1}
    await again.presence.close()
    await b.presence.close()
