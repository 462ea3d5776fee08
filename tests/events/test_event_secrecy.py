"""The raw frames of the Lounge, plenary and phone-list sockets carry nothing the board's projector may not see."""

from __future__ import annotations

import asyncio
from typing import Any

import msgpack

from testkit.client import BoardClient
from testkit.event_client import EventClient
from testkit.metanet import MetanetServer
from tests.events.test_event_server import make_event

NAMES = ["Zelda Quietname", "Olek Hushworth"]


def messages_of(frames: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for frame in frames:
        unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
        unpacker.feed(frame)
        out.extend(unpacker)
    return out


def tallies_in(frames: list[bytes]) -> list[Any]:
    """Every per-note count in these frames: votes and by_group of top notes and decisions, any tallies map."""
    found: list[Any] = []
    for msg in messages_of(frames):
        summaries = msg.get("metanets", []) if msg["t"] == "welcome" else [msg.get("summary", {})]
        for s in summaries:
            for entry in [*s.get("top", []), *s.get("decisions", [])]:
                found += [entry[k] for k in ("votes", "by_group") if k in entry]
            if "tallies" in s:
                found.append(s["tallies"])
    return found


async def test_private_writing_and_a_blind_vote_never_reach_the_event_screens(server: MetanetServer) -> None:
    made = make_event(server, 2)
    board = made["metanets"][0]["board"]
    secret = made["metanets"][0]["facilitator_url"].split("#")[1]
    screens = [await EventClient.connect(server.ws_base, made["code"], role) for role in ("lounge", "plenary", "phone")]
    facilitator = await BoardClient.connect(server.ws_base, board, role="facilitator", secret=secret)
    phones = [await BoardClient.connect(server.ws_base, board) for _ in NAMES]
    try:
        for phone, name in zip(phones, NAMES, strict=True):
            await phone.ok("join", name=name, group="Academia")
        notes = [await phones[i].ok("add_note", text=f"PRIVATE-{i}-shh") for i in range(2)]
        # The facilitator sees the private text (a check that it is really there to leak).
        await facilitator.wait_seq(notes[-1]["seq"])
        assert any("PRIVATE-" in (n.get("text") or "") for n in facilitator.view.notes.values())
        for screen in screens:
            await screen.until(lambda c: c.summaries[board]["notes"] == 2)
        await asyncio.sleep(0.6)  # the throttled summary after the last change
        writing = [len(s.frames) for s in screens]
        for screen in screens:
            assert not any(b"PRIVATE-" in f for f in screen.frames)

        await facilitator.ok("reveal_notes")
        await facilitator.ok("set_phase", index=2)  # vote, blind
        for phone in phones:
            for note in notes:
                await phone.ok("vote", note=note["note"])
        await facilitator.ok("vote", note=notes[0]["note"])
        for screen in screens:
            await screen.until(lambda c: c.summaries[board]["phase"]["kind"] == "vote")
        await asyncio.sleep(1.2)  # two summary periods: every change of the vote has gone out
        for screen, start in zip(screens, writing, strict=True):
            blind = screen.frames[start:]
            assert blind, "the vote produced no frames at all"
            assert tallies_in(screen.frames) == []
            assert screen.summaries[board]["top"] == [] and not screen.summaries[board]["votes_revealed"]

        await facilitator.ok("reveal_votes")  # now the projector shows them, and so may the Lounge
        for screen in screens:
            await screen.until(lambda c: c.summaries[board]["votes_revealed"])
            assert screen.summaries[board]["top"][0] == {
                "id": notes[0]["note"], "text": "PRIVATE-0-shh", "votes": 3, "by_group": {"Academia": 2, "Facilitator": 1}}
            assert tallies_in(screen.frames) != []
            for name in NAMES:  # an anonymous board: no names, ever
                assert not any(name.encode() in f for f in screen.frames)
    finally:
        for c in (*screens, facilitator, *phones):
            await c.close()
