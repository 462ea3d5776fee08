"""Two uvicorn processes on one Redis behave as one server: one order, one budget, one timer expiry."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from server.backbone.redis import RedisBackbone
from testkit.metanet import MetanetServer
from tests.multiprocess.resilient import Resilient, fresh_essentials

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
GROUPS = ["Government / member state", "NGO / civil society", "Academia"]
# Group phase (anyone may add notes, all visible), then an open vote: every event is visible to everyone.
BOARD: dict[str, Any] = {
    "title": "Plenary",
    "phases": [{"kind": "group", "title": "Write and group"}, {"kind": "vote", "title": "Vote"}],
    "settings": {"blind_votes": False, "dots_per_person": 5, "max_dots_per_note": 3},
}


def identity(seq: int, event: dict[str, Any]) -> tuple[Any, ...]:
    """What an event is, as every viewer sees it (views hide personal fields, not notes)."""
    note = event.get("note")
    return (seq, event["type"], note["id"] if isinstance(note, dict) else note)


def stream(client: Resilient) -> list[tuple[Any, ...]]:
    assert client.client is not None
    return [identity(ev["seq"], ev) for m in client.client.messages if m["t"] == "events" for ev in m["events"]]


async def test_clients_of_either_process_see_the_same_events_in_the_same_order(
    servers: Pair, log_reader: RedisBackbone
) -> None:
    a, b = servers
    board = a.create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
    people = [await Resilient.open([a if i % 2 else b], bid) for i in range(6)]
    everyone = [fac, *people]
    assert {c.welcomes[0]["seq"] for c in everyone} == {1}

    await asyncio.gather(*(p.ok("join", group=GROUPS[i % 3]) for i, p in enumerate(people)))

    async def write(p: Resilient, i: int) -> list[str]:
        return [(await p.ok("add_note", text=f"idea {i}.{k}"))["note"] for k in range(5)]

    notes = [n for made in await asyncio.gather(*(write(p, i) for i, p in enumerate(people))) for n in made]
    voting = await fac.ok("next_phase")  # vote
    # A process decides on its replica: vote once both processes know every note and the vote phase.
    await asyncio.gather(*(c.wait_seq(voting["seq"]) for c in everyone))

    async def vote(p: Resilient, i: int) -> None:
        for k in range(3):
            await p.ok("vote", note=notes[(i * 7 + k * 3) % len(notes)])

    await asyncio.gather(*(vote(p, i) for i, p in enumerate(people)))
    final = (await fac.ok("move_note", note=notes[0], x=0.5, y=0.5))["seq"]
    for client in everyone:
        await client.wait_seq(final)
        client.check_stream()
    reference = [identity(seq, event) for seq, event in await log_reader.read(bid, 1)]
    assert len(reference) == final - 1
    assert Counter(t for _, t, _ in reference) >= Counter(participant_joined=6, note_added=30, vote_placed=18)
    for client in everyone:
        assert stream(client) == reference
    for client in everyone:
        on_a = await fresh_essentials(a, bid, client)
        assert on_a == await fresh_essentials(b, bid, client)
        assert client.view.essentials() == on_a
        await client.close()


async def test_one_participant_voting_through_both_processes_at_once_never_exceeds_the_budget(
    servers: Pair, log_reader: RedisBackbone
) -> None:
    a, b = servers
    board = a.create_board(**{**BOARD, "phases": [{"kind": "vote", "title": "Vote"}]})
    bid = board["board"]
    fac = await Resilient.open([b], bid, role="facilitator", secret=board["secret"])
    targets = [(await fac.ok("add_note", text=f"option {k}"))["note"] for k in range(2)]
    rounds, budget, cap = 12, 5, 3
    for _ in range(rounds):
        # One device token, two sockets: one on each process, firing at the same moment.
        on_a = await Resilient.open([a], bid)
        on_b = await Resilient.open([b], bid, token=on_a.token)
        joined = await on_a.ok("join", group=GROUPS[0])
        await on_b.wait_seq(joined["seq"])  # B's replica knows the participant (else B refuses: "join first")
        acks = await asyncio.gather(
            *(side.do("vote", note=targets[k % 2]) for k in range(budget) for side in (on_a, on_b))
        )
        placed = [ack for ack in acks if ack["ok"]]
        refused = [ack for ack in acks if not ack["ok"]]
        assert len(placed) == budget, acks
        assert {ack["code"] for ack in refused} == {"budget_exceeded"}, refused
        assert sorted(ack["result"]["dots_left"] for ack in placed) == list(range(budget))
        for side in (on_a, on_b):
            await side.close()

    votes: Counter[tuple[str, str]] = Counter()
    per_person: Counter[str] = Counter()
    for _, event in await log_reader.read(bid):
        if event["type"] == "vote_placed":
            votes[(event["participant"], event["note"])] += 1
            per_person[event["participant"]] += 1
    assert len(per_person) == rounds
    assert set(per_person.values()) == {budget}, per_person
    assert max(votes.values()) <= cap
    await fac.close()


async def test_a_timer_started_through_one_process_expires_once_for_the_clients_of_both(
    servers: Pair, log_reader: RedisBackbone
) -> None:
    a, b = servers
    board = a.create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
    watchers = [await Resilient.open([server], bid) for server in (a, b, b)]
    for generation in range(2):
        started = await fac.ok("start_timer", duration=1)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 6
        for client in (fac, *watchers):
            while client.view.board["timer"]["status"] != "expired" or client.view.seq <= started["seq"]:
                assert loop.time() < deadline, f"timer {generation} never expired for a client"
                await asyncio.sleep(0.02)
    await asyncio.sleep(0.6)  # both processes' expiry attempts (and retries) are over
    log = [event["type"] for _, event in await log_reader.read(bid)]
    assert log.count("timer_started") == 2
    assert log.count("timer_expired") == 2, log
    for client in (fac, *watchers):
        client.check_stream()
        seen = [t for _, t, _ in stream(client)]
        assert seen.count("timer_expired") == 2
        await client.close()
