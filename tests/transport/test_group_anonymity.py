"""Anonymity by groups, in the raw frames: on an anonymous board a note shows its writer's group to
others only when at least ``group_threshold`` (default 3) people of that group had joined; one
delegate alone in a group is not named by it -- not to other phones, not to the projector, not in a
fresh snapshot, not when private notes are revealed. The writer and the facilitator see the group."""

from __future__ import annotations

import asyncio
from typing import Any

from testkit.client import BoardClient, unpack
from testkit.metanet import MetanetServer

PHASES = [{"kind": "write", "title": "Write"}, {"kind": "discuss", "title": "Talk"}]
ALONE, CROWD = "Government / member state", "NGO / civil society"


def notes_in(frames: list[bytes], note_id: str) -> list[dict[str, Any]]:
    """Every copy of one note in the frames a client received (welcome snapshots and events)."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("id") == note_id and "group" in value and "text" in value:
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for frame in frames:
        for message in unpack(frame):
            walk(message)
    return found


async def test_a_lone_delegates_notes_reach_others_without_their_group(server: MetanetServer) -> None:
    board = server.create_board(title="Groups", phases=PHASES)  # anonymous by default
    bid = board["board"]
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    projector = await BoardClient.connect(server.ws_base, bid, role="projector")
    alone = await BoardClient.connect(server.ws_base, bid)
    crowd = [await BoardClient.connect(server.ws_base, bid) for _ in range(3)]
    try:
        await alone.ok("join", group=ALONE)
        for person in crowd:
            await person.ok("join", group=CROWD)
        private = (await alone.ok("add_note", text="Written in silence"))["note"]  # write phase: private
        from_crowd = (await crowd[0].ok("add_note", text="Three of us"))["note"]
        await facilitator.ok("next_phase")  # reveals the private notes
        public = (await alone.ok("add_note", text="Said aloud"))["note"]
        seq = (await facilitator.ok("show_on_projector", qr=False))["seq"]
        for client in (projector, crowd[1], alone, facilitator):
            await client.wait_seq(seq)
        late = await BoardClient.connect(server.ws_base, bid, role="projector")  # a fresh snapshot

        for note in (private, public):
            for client in (projector, crowd[1], late):
                copies = notes_in(client.frames, note)
                assert copies and all(c["group"] is None for c in copies), (note, copies)
            # The writer and the facilitator get it whole when it is added (a reveal patches text only).
            assert notes_in(alone.frames, note)[0]["group"] == ALONE
            assert notes_in(facilitator.frames, note)[0]["group"] == ALONE
        # Three of a group: their group is shown.
        assert {c["group"] for c in notes_in(projector.frames, from_crowd)} == {CROWD}
        assert {c["group"] for c in notes_in(late.frames, from_crowd)} == {CROWD}
        await late.close()
    finally:
        await asyncio.gather(facilitator.close(), projector.close(), alone.close(), *(c.close() for c in crowd))


async def test_the_threshold_is_a_board_setting(server: MetanetServer) -> None:
    board = server.create_board(title="Groups", phases=PHASES[1:], settings={"group_threshold": 1})
    bid = board["board"]
    projector = await BoardClient.connect(server.ws_base, bid, role="projector")
    alone = await BoardClient.connect(server.ws_base, bid)
    facilitator = await BoardClient.connect(server.ws_base, bid, role="facilitator", secret=board["secret"])
    try:
        await alone.ok("join", group=ALONE)
        note = (await alone.ok("add_note", text="Named by my group, as I chose"))["note"]
        await projector.wait_seq((await facilitator.ok("show_on_projector", qr=False))["seq"])
        assert {c["group"] for c in notes_in(projector.frames, note)} == {ALONE}
        # Once notes exist it cannot change (the notes were written under it).
        ack = await facilitator.command("update_settings", settings={"group_threshold": 3})
        assert not ack["ok"] and ack["code"] == "not_now", ack
        ack = await facilitator.command("update_settings", settings={"group_threshold": 0})
        assert not ack["ok"] and ack["code"] in ("invalid", "bad_message"), ack
    finally:
        await asyncio.gather(projector.close(), alone.close(), facilitator.close())
