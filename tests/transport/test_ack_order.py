"""A sender gets the ack of its command before the events it caused (the order the web client renders best)."""

from __future__ import annotations

import pytest

from tests.servers import ServerProcess
from tests.wsclient import BoardClient

pytestmark = pytest.mark.slow


async def test_the_ack_of_a_command_comes_before_its_events(server: ServerProcess) -> None:
    board = server.create_board(title="Order", phases=[{"kind": "group"}, {"kind": "vote"}])
    phone = await BoardClient.connect(server.ws_base, board["board"])
    other = await BoardClient.connect(server.ws_base, board["board"])
    await phone.ok("join", group="Other")
    await other.ok("join", group="Other")
    for k in range(20):
        result = await phone.ok("add_note", text=f"idea {k}")
        await phone.wait_seq(result["seq"])
        kinds = []
        for msg in phone.messages:
            if msg["t"] == "ack" and msg.get("result", {}).get("note") == result["note"]:
                kinds.append("ack")
            elif msg["t"] == "events" and any(ev.get("note", {}).get("id") == result["note"]
                                              for ev in msg["events"] if ev["type"] == "note_added"):
                kinds.append("event")
        assert kinds == ["ack", "event"], (k, kinds)
    await phone.close()
    await other.close()
