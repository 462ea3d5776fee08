"""One writer per board: the other process forwards to it, a burst goes in few appends, a dead writer is replaced."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from server.backbone.redis import RedisBackbone
from server.backbone.redis_keys import lease_key, log_key
from testkit.client import BoardClient
from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer
from tests.multiprocess.resilient import Resilient, fresh_essentials

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
BOARD: dict[str, Any] = {
    "title": "Plenary",
    "phases": [{"kind": "group", "title": "Write"}, {"kind": "vote", "title": "Vote"}],
    "settings": {"blind_votes": False, "dots_per_person": 3, "max_dots_per_note": 3},
}


def writer_of(redis_server: RedisServer, board: str, pair: Pair) -> tuple[MetanetServer, MetanetServer]:
    """(the process holding the board's writer lease, the other one)."""
    with redis_server.client() as r:
        holder = r.get(lease_key(f"writer:{board}"))
    assert holder is not None, "nobody holds the writer lease"
    pid = int(holder.decode().split(":")[1])
    a, b = pair
    assert a.proc is not None and b.proc is not None
    assert pid in (a.proc.pid, b.proc.pid), holder
    return (a, b) if pid == a.proc.pid else (b, a)


async def watched_board(servers: Pair, redis_server: RedisServer) -> tuple[str, Resilient, Pair]:
    """A new board, its facilitator connected to both processes, and (its writer process, the other one)."""
    board = servers[0].create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open(list(servers), bid, role="facilitator", secret=board["secret"])
    return bid, fac, writer_of(redis_server, bid, servers)


async def test_a_burst_of_votes_through_the_other_process_is_stored_in_fewer_appends_than_votes(
    servers: Pair, redis_server: RedisServer, log_reader: RedisBackbone
) -> None:
    a, b = servers
    board = a.create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
    writer, other = writer_of(redis_server, bid, servers)
    note = (await fac.ok("add_note", text="the one idea"))["note"]
    people = [await Resilient.open([other], bid) for _ in range(40)]
    await asyncio.gather(*(p.ok("join", group="Academia") for p in people))
    voting = await fac.ok("next_phase")
    await asyncio.gather(*(p.wait_seq(voting["seq"]) for p in people))
    with redis_server.client() as r:
        entries_before = r.xlen(log_key(bid))

    acks = await asyncio.gather(*(p.ok("vote", note=note) for p in people))

    with redis_server.client() as r:
        appends = r.xlen(log_key(bid)) - entries_before
    assert all(ack["dots_left"] == 2 for ack in acks)
    assert appends < len(people), f"{appends} appends for {len(people)} votes: nothing was decided together"
    stored = [ev for _, ev in await log_reader.read(bid, voting["seq"])]
    assert [ev["type"] for ev in stored] == ["vote_placed"] * len(people)
    assert sorted(ev["dots_placed"] for ev in stored) == list(range(1, len(people) + 1))
    assert len({ev["participant"] for ev in stored}) == len(people)
    last = max(ack["seq"] for ack in acks)
    for client in (fac, *people[:3]):
        await client.wait_seq(last)
        assert client.view.essentials() == await fresh_essentials(other, bid, client)
    assert writer_of(redis_server, bid, servers)[0] is writer  # the lease stayed put


async def test_when_the_writer_process_dies_the_other_takes_over_and_nothing_is_lost(
    servers: Pair, redis_server: RedisServer, log_reader: RedisBackbone
) -> None:
    bid, fac, (writer, other) = await watched_board(servers, redis_server)
    alice = await Resilient.open([other], bid)
    await alice.ok("join", group="Academia")
    first = await alice.ok("add_note", text="before the crash")

    writer.kill()
    began = time.monotonic()
    after = await alice.ok("add_note", text="after the crash")  # waits for the lease to lapse, then is decided
    took = time.monotonic() - began

    assert writer_of(redis_server, bid, servers)[0] is other
    assert took < 8, f"the board was stuck for {took:.1f}s"
    texts = {ev["note"]["text"] for _, ev in await log_reader.read(bid) if ev["type"] == "note_added"}
    assert texts == {"before the crash", "after the crash"}
    assert after["seq"] > first["seq"]
    await fac.close()


async def test_each_process_holds_one_subscription_per_board_and_only_the_writer_serves_its_inbox(
    servers: Pair, redis_server: RedisServer
) -> None:
    board = servers[0].create_board(**BOARD)
    bid = board["board"]
    people = [await Resilient.open([servers[i % 2]], bid) for i in range(12)]
    await asyncio.gather(*(p.ok("join", group="Academia") for p in people))
    with redis_server.client() as r:
        (_, live), = r.pubsub_numsub(f"metanet:0:{{{bid}}}:live")
        (_, inbox), = r.pubsub_numsub(f"metanet:0:inbox:board:{bid}")
        (_, presence), = r.pubsub_numsub(f"metanet:0:inbox:presence:{bid}")
        connections = [c for c in r.client_list(_type="pubsub") if c["name"].startswith("metanet:")]
    assert live == 2  # twelve sockets, two processes, two subscriptions
    assert inbox == 1  # the writer's
    assert presence == 2  # who is connected to each process (server/transport/presence.py)
    assert len(connections) == 2  # one Pub/Sub connection per process, for the board and every inbox
    for p in people:
        await p.close()


async def test_a_phone_on_the_other_process_gets_its_ack_before_its_events(
    servers: Pair, redis_server: RedisServer
) -> None:
    """The events come over the subscription, the writer's answer over the inbox: the ack still goes first."""
    bid, fac, (_, other) = await watched_board(servers, redis_server)
    phone = await BoardClient.connect(other.ws_base, bid)
    await phone.ok("join", group="Academia")
    orders = [await phone.note_order(f"idea {k}") for k in range(30)]
    assert [k for k, order in enumerate(orders) if order != ["ack", "event"]] == []
    await phone.close()
    await fac.close()


@pytest.mark.parametrize("on", ["writer", "other"])
async def test_under_load_every_phone_gets_its_acks_before_its_events(
    servers: Pair, redis_server: RedisServer, on: str
) -> None:
    """Many phones at once: batches of events queue up, and a fan-out already due must not overtake an ack."""
    bid, fac, (writer, other) = await watched_board(servers, redis_server)
    server = writer if on == "writer" else other
    phones = [await BoardClient.connect(server.ws_base, bid) for _ in range(24)]
    await asyncio.gather(*(p.ok("join", group="Academia") for p in phones))

    async def write(phone: BoardClient, n: int) -> list[list[str]]:
        return [await phone.note_order(f"phone {n} idea {k}") for k in range(8)]

    orders = await asyncio.gather(*(write(p, n) for n, p in enumerate(phones)))
    wrong = [(n, k, o) for n, mine in enumerate(orders) for k, o in enumerate(mine) if o != ["ack", "event"]]
    assert wrong == [], f"{len(wrong)} of {24 * 8} notes: {wrong[:5]}"
    for p in phones:
        await p.close()
    await fac.close()
