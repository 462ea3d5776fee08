"""A whole note-and-vote round over real sockets against a real uvicorn server."""

from __future__ import annotations

import asyncio
from typing import Any

from testkit.client import BoardClient
from testkit.metanet import MetanetServer


async def _people(server: MetanetServer, board: dict[str, str]) -> tuple[BoardClient, BoardClient, BoardClient]:
    fac = await BoardClient.connect(server.ws_base, board["board"], role="facilitator", secret=board["secret"])
    a = await BoardClient.connect(server.ws_base, board["board"])
    b = await BoardClient.connect(server.ws_base, board["board"])
    await a.ok("join", name="Amina", group="NGO / civil society")
    await b.ok("join", group="Government / member state")
    return fac, a, b


async def _fresh_view(server: MetanetServer, board: str, client: BoardClient, **kw: Any) -> dict[str, Any]:
    again = await BoardClient.connect(server.ws_base, board, token=client.token, role=client.view.role, **kw)
    try:
        return again.view.essentials()
    finally:
        await again.close()


async def test_a_full_round_leaves_every_client_with_the_servers_state(server: MetanetServer, board: dict[str, str]) -> None:
    fac, a, b = await _people(server, board)
    # write: private notes
    n1 = (await a.ok("add_note", text="Shared cyber-forensics lab"))["note"]
    n2 = (await b.ok("add_note", text="Regional prosecutor network"))["note"]
    n3 = (await a.ok("add_note", text="Victim support hotline"))["note"]
    await fac.ok("reveal_notes")
    await fac.ok("next_phase")  # group
    cluster = (await fac.ok("create_cluster", name="Capacity"))["cluster"]
    await b.ok("cluster_note", note=n1, cluster=cluster)
    await b.ok("move_note", note=n2, x=0.25, y=0.75)
    await fac.ok("next_phase")  # vote (blind)
    for note in (n1, n1, n2, n3, n3):
        await a.ok("vote", note=note)
    left = await b.ok("vote", note=n2)
    assert left["dots_left"] == 4
    await b.ok("unvote", note=n2)
    voted = await b.ok("vote", note=n1)
    await fac.wait_seq(voted["seq"])
    assert b.view.tallies is None  # blind: participants see no tallies yet
    assert fac.view.tallies is not None and fac.view.tallies[n1]["total"] == 3
    await fac.ok("reveal_votes")
    await fac.ok("next_phase")  # results
    await fac.ok("start_timer", duration=30)
    await fac.ok("pause_timer")
    await fac.ok("resume_timer")
    await fac.ok("adjust_timer", seconds=-29.5)
    last = await fac.ok("reset_timer")
    await fac.ok("start_timer", duration=1)
    # the server expires the timer by itself, once
    deadline = asyncio.get_running_loop().time() + 5
    while fac.view.board["timer"]["status"] != "expired":
        assert asyncio.get_running_loop().time() < deadline, "timer never expired"
        await asyncio.sleep(0.05)
    expired = [ev for m in fac.messages if m["t"] == "events" for ev in m["events"] if ev["type"] == "timer_expired"]
    assert len(expired) == 1
    final_seq = fac.view.seq
    assert final_seq > last["seq"]
    for client in (fac, a, b):
        await client.wait_seq(final_seq)
    assert a.view.tallies == {n1: {"total": 3, "by_group": {"NGO / civil society": 2, "Government / member state": 1}},
                              n2: {"total": 1, "by_group": {"NGO / civil society": 1}},
                              n3: {"total": 2, "by_group": {"NGO / civil society": 2}}}
    assert a.view.dots_left == 0 and b.view.dots_left == 4
    assert b.view.notes[n1]["text"] == "Shared cyber-forensics lab"
    assert b.view.notes[n1]["cluster"] == cluster
    for client in (fac, a, b):
        assert client.view.essentials() == await _fresh_view(server, board["board"], client, secret=board["secret"] if client is fac else None)
        assert len(client.view.applied) == len(set(client.view.applied)), "an event was applied twice"
    for client in (fac, a, b):
        await client.close()


async def test_raw_frames_never_carry_anothers_private_text_or_blind_tallies(server: MetanetServer, board: dict[str, str]) -> None:
    fac, a, b = await _people(server, board)
    secret_text = "ZEBRA-private-idea-4471"
    note = (await a.ok("add_note", text=secret_text))["note"]
    await a.ok("edit_note", note=note, text=secret_text + "-edited")
    await b.ok("add_note", text="b's own note")
    # hidden notes stay hidden too
    hidden = (await a.ok("add_note", text="HIPPO-hidden-note"))["note"]
    await fac.ok("hide_note", note=hidden)
    await fac.ok("next_phase")  # group: reveals notes that are not hidden
    await fac.ok("next_phase")  # vote, blind
    await a.ok("vote", note=note)
    await a.ok("vote", note=note)
    seq = (await a.ok("vote", note=note))["seq"]
    await b.wait_seq(seq)
    await fac.wait_seq(seq)
    assert fac.view.tallies is not None and fac.view.tallies[note]["total"] == 3
    raw = b"".join(b.frames)
    assert b"HIPPO-hidden-note" not in raw
    # before the reveal, B got the note's id but never its text
    before_reveal = b"".join(b.frames[: _first_frame_with(b, "notes_revealed")])
    assert secret_text.encode() not in before_reveal
    # B saw dots being placed, but never on which note, nor a tally
    for msg in b.messages:
        for ev in msg.get("events", []):
            if ev["type"] == "vote_placed":
                assert ev["note"] is None and ev["group"] is None and ev["participant"] is None
    assert not [m for m in b.messages if m["t"] == "events" for ev in m["events"] if ev["type"] == "votes_revealed"]
    assert b.welcome_msg is not None and b.welcome_msg["snapshot"]["tallies"] is None
    for client in (fac, a, b):
        await client.close()


def _first_frame_with(client: BoardClient, event_type: str) -> int:
    for i, frame in enumerate(client.frames):
        for msg in _unpack_all(frame):
            if any(ev["type"] == event_type for ev in msg.get("events", [])):
                return i
    raise AssertionError(f"no {event_type} frame")


def _unpack_all(frame: bytes) -> list[dict[str, Any]]:
    import msgpack

    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
    unpacker.feed(frame)
    return list(unpacker)


async def test_twenty_concurrent_votes_with_budget_five_yield_exactly_five_dots(server: MetanetServer, board: dict[str, str]) -> None:
    fac, a, b = await _people(server, board)
    notes = [(await a.ok("add_note", text=f"idea {i}"))["note"] for i in range(4)]
    await fac.ok("update_settings", settings={"max_dots_per_note": 5})
    await fac.ok("set_phase", index=2)
    futures = [await b.send("vote", note=notes[i % 4]) for i in range(20)]
    acks = await asyncio.gather(*futures)
    accepted = [ack for ack in acks if ack["ok"]]
    refused = [ack for ack in acks if not ack["ok"]]
    assert len(accepted) == 5
    assert {ack["code"] for ack in refused} == {"budget_exceeded"}
    await b.wait_seq(max(ack["result"]["seq"] for ack in accepted))
    await fac.wait_seq(max(ack["result"]["seq"] for ack in accepted))
    assert sum(b.view.my_votes.values()) == 5 and b.view.dots_left == 0
    assert sum(t["total"] for t in fac.view.tallies.values()) == 5
    for client in (fac, a, b):
        await client.close()
