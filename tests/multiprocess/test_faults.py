"""Faults mid-round: a process killed, Redis crashed and restarted, a subscriber connection cut."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import pytest

from server.backbone.redis import RedisBackbone
from server.backbone.redis_keys import log_key
from testkit.metanet import MetanetServer
from testkit.redis_server import RedisServer
from tests.multiprocess.resilient import Resilient, fresh_essentials

pytestmark = [pytest.mark.redis, pytest.mark.slow]

Pair = tuple[MetanetServer, MetanetServer]
GROUP = "NGO / civil society"
# The facilitator may add notes in any phase: notes and votes both flow during the vote.
BOARD: dict[str, Any] = {
    "title": "Under fire",
    "phases": [{"kind": "vote", "title": "Vote"}],
    "settings": {"blind_votes": False, "dots_per_person": 12, "max_dots_per_note": 12},
}


class Round:
    """A facilitator writing notes and participants voting, all at once, until told to stop."""

    def __init__(self, fac: Resilient, people: list[Resilient], seed_notes: list[str]) -> None:
        self.fac = fac
        self.people = people
        self.seeds = list(seed_notes)
        self.acked_notes: list[str] = []
        self.acked_votes: Counter[str] = Counter()  # token -> votes acknowledged
        self.refused: list[dict[str, Any]] = []
        self.stop = asyncio.Event()

    async def write(self) -> None:
        k = 0
        while not self.stop.is_set():
            ack = await self.fac.do("add_note", text=f"note {k}")
            assert ack["ok"], ack
            self.acked_notes.append(ack["result"]["note"])
            k += 1
            await asyncio.sleep(0.02)

    async def vote(self, person: Resilient) -> None:
        # On the seed notes, which every process knew before the round: a note added a moment
        # ago through another process may not have reached this person's process yet.
        for k in range(12):
            ack = await person.do("vote", note=self.seeds[k % len(self.seeds)])
            if ack["ok"]:
                self.acked_votes[person.token] += 1
            else:
                self.refused.append(ack)
            await asyncio.sleep(0.03)

    async def run(self, fault: Any) -> None:
        writer = asyncio.create_task(self.write())
        voters = asyncio.gather(*(self.vote(p) for p in self.people))
        await asyncio.sleep(0.25)
        await fault()
        await voters
        self.stop.set()
        await writer


async def setup_round(servers: list[MetanetServer], fac_server: MetanetServer, placement: list[MetanetServer]) -> Any:
    board = fac_server.create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open(
        [fac_server, *[s for s in servers if s is not fac_server]], bid, role="facilitator", secret=board["secret"]
    )
    seed = [(await fac.ok("add_note", text=f"seed {k}"))["note"] for k in range(4)]
    people = []
    for server in placement:
        person = await Resilient.open([server, *[s for s in servers if s is not server]], bid)
        await person.ok("join", group=GROUP)
        people.append(person)
    return bid, fac, people, Round(fac, people, seed)


async def check_nothing_lost(rnd: Round, log_reader: RedisBackbone, bid: str, live: MetanetServer) -> None:
    """Every acked note and vote is in the log once; every client's view equals a fresh one."""
    log = await log_reader.read(bid)
    assert [seq for seq, _ in log] == list(range(1, len(log) + 1))
    logged_notes = [event["note"]["id"] for _, event in log if event["type"] == "note_added"]
    assert len(logged_notes) == len(set(logged_notes))
    assert set(rnd.acked_notes) <= set(logged_notes)
    assert not rnd.refused, rnd.refused
    final = log[-1][0]
    everyone = [rnd.fac, *rnd.people]
    for client in everyone:  # and so both processes' replicas are there too
        await client.wait_seq(final)
        client.check_stream()
    for person in rnd.people:
        fresh = await fresh_essentials(live, bid, person)
        assert fresh["dots_left"] == 12 - rnd.acked_votes[person.token]
        assert sum(fresh["my_votes"].values()) == rnd.acked_votes[person.token] == 12
    for client in everyone:
        assert client.view.essentials() == await fresh_essentials(live, bid, client)
        await client.close()


async def test_clients_of_a_process_killed_mid_round_resume_on_the_other_with_nothing_lost(
    servers: Pair, log_reader: RedisBackbone
) -> None:
    a, b = servers
    bid, fac, people, rnd = await setup_round([a, b], a, [a, a, a, b])

    async def kill_a() -> None:
        a.kill()

    await rnd.run(kill_a)
    for client in (fac, *people[:3]):
        assert client.connections == 2 and client.servers[client.server] is b  # moved over
        assert [w["mode"] for w in client.welcomes] == ["snapshot", "resume"]
    assert people[3].connections == 1
    await check_nothing_lost(rnd, log_reader, bid, b)


async def test_a_redis_crash_and_restart_mid_round_heals_by_itself_and_loses_no_acked_write(
    servers: Pair, log_reader: RedisBackbone, redis_server: RedisServer
) -> None:
    a, b = servers
    bid, fac, people, rnd = await setup_round([a, b], a, [a, b, a, b])
    health: list[int] = []
    welcomes: list[dict[str, Any]] = []

    async def crash_redis() -> None:
        redis_server.kill()  # SIGKILL: what Redis wrote to the AOF before replying is all that survives
        await asyncio.sleep(0.3)
        health.append(status_of(a))
        # A phone arriving while Redis is down still gets the board, from process A's replica.
        newcomer = await Resilient.open([a], bid)
        welcomes.extend(newcomer.welcomes)
        await newcomer.close()
        await asyncio.sleep(0.5)
        redis_server.start()

    await rnd.run(crash_redis)
    assert health == [503]
    assert len(welcomes) == 1 and welcomes[0]["mode"] == "snapshot"
    assert set(rnd.seeds) <= {n["id"] for n in welcomes[0]["snapshot"]["notes"]}
    assert status_of(a) == status_of(b) == 200
    assert sum(c.retries for c in (fac, *people)) > 0, "the outage was never noticed"
    await check_nothing_lost(rnd, log_reader, bid, b)
    # The sockets survived the outage: nobody had to reconnect.
    assert {c.connections for c in (fac, *people)} == {1}


async def test_cutting_the_subscriber_connections_loses_no_event(
    servers: Pair, log_reader: RedisBackbone, redis_server: RedisServer
) -> None:
    a, b = servers
    bid, fac, people, rnd = await setup_round([a, b], a, [b, b, a])
    assert b.proc is not None

    async def cut() -> None:
        with redis_server.client() as r:
            for k in range(4):
                if k % 2:
                    killed = r.client_kill_filter(_type="pubsub")  # every process's
                else:
                    ours = [c for c in r.client_list(_type="pubsub") if c["name"] == f"metanet:{b.proc.pid}:pubsub"]
                    assert len(ours) == 1
                    killed = r.client_kill_filter(_id=ours[0]["id"])  # process B's only
                assert killed >= 1
                await asyncio.sleep(0.15)

    await rnd.run(cut)
    await check_nothing_lost(rnd, log_reader, bid, b)
    assert {c.connections for c in (fac, *people)} == {1}
    assert all(c.retries == 0 for c in (fac, *people))  # appends never failed: only fan-out was cut


def status_of(server: MetanetServer) -> int:
    try:
        with urllib.request.urlopen(server.url + "/health", timeout=5) as resp:
            body = json.load(resp)
            assert body["backbone"] == "redis" and body["aof_enabled"] is True
            return int(resp.status)
    except urllib.error.HTTPError as err:
        body = json.load(err)
        assert body["status"] == "degraded" and body["ok"] is False
        return int(err.code)


async def test_a_log_that_lost_acknowledged_events_is_named_in_the_server_log_not_just_answered_busy(
    servers: Pair, redis_server: RedisServer
) -> None:
    """Redis restarted without its last appends (``appendfsync everysec`` on a busy disk): the replicas are
    ahead of the log and every append conflicts. The commands are refused ``unavailable``, and the log says why."""
    a, _ = servers
    board = a.create_board(**BOARD)
    bid = board["board"]
    fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
    try:
        await fac.ok("add_note", text="kept")
        head = (await fac.ok("add_note", text="lost by storage"))["seq"]
        with redis_server.client() as r:
            key = log_key(bid)
            [(last, _fields)] = r.xrevrange(key, count=1)
            assert last.decode().startswith(f"{head}-") and r.xdel(key, last) == 1
        assert fac.client is not None
        ack = await fac.client.command("add_note", text="after the loss")
        assert not ack["ok"] and ack["code"] == "unavailable", ack
        told = [line for line in a.log_path.read_text(errors="replace").splitlines() if "behind the" in line]
        assert len(told) == 1 and f"the log ends at {head - 1}, behind the {head} events" in told[0], told
    finally:
        await fac.close()
