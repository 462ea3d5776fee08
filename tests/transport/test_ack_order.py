"""A sender gets the ack of its command before the events it caused (the order the web client renders best)."""

from __future__ import annotations

import pytest

from testkit.client import BoardClient
from testkit.metanet import MetanetServer

pytestmark = pytest.mark.slow


async def test_the_ack_of_a_command_comes_before_its_events(server: MetanetServer) -> None:
    board = server.create_board(title="Order", phases=[{"kind": "group"}, {"kind": "vote"}])
    phone = await BoardClient.connect(server.ws_base, board["board"])
    other = await BoardClient.connect(server.ws_base, board["board"])
    await phone.ok("join", group="Other")
    await other.ok("join", group="Other")
    for k in range(20):
        assert await phone.note_order(f"idea {k}") == ["ack", "event"], k
    await phone.close()
    await other.close()
