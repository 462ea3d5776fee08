"""A timer that starts with its phase (``auto_timer``) expires once, with two processes on one Redis:
the phase is entered through process A, clients of both see one ``timer_expired``, and the log holds
exactly one (both processes schedule the expiry; the log accepts it once)."""

from __future__ import annotations

import asyncio

from server.backbone.redis import RedisBackbone
from testkit.metanet import MetanetServer
from tests.multiprocess.resilient import Resilient

PHASES = [
    {"id": "talk", "kind": "discuss", "title": "Talk"},
    {"id": "write", "kind": "write", "title": "Write", "duration": 1, "auto_timer": True, "close_on_timer": True},
]


async def test_a_timer_that_starts_with_its_phase_fires_once_across_two_processes(
    servers: tuple[MetanetServer, MetanetServer], log_reader: RedisBackbone
) -> None:
    a, b = servers
    board = a.create_board(title="Timebox", phases=PHASES)
    bid = board["board"]
    fac = await Resilient.open([a], bid, role="facilitator", secret=board["secret"])
    watchers = [await Resilient.open([server], bid) for server in (a, b, b)]
    entered = await fac.ok("next_phase")  # no start_timer: the phase starts it
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 8
    for client in (fac, *watchers):
        while client.view.board["timer"]["status"] != "expired" or client.view.seq <= entered["seq"]:
            assert loop.time() < deadline, "the phase's timer never expired for a client"
            await asyncio.sleep(0.02)
        assert client.view.board["phase_closed"]  # close_on_timer followed
    await asyncio.sleep(0.6)  # both processes' expiry attempts (and retries) are over
    log = [event["type"] for _, event in await log_reader.read(bid)]
    assert log.count("timer_started") == 1, log
    assert log.count("timer_expired") == 1, log
    for client in (fac, *watchers):
        client.check_stream()
        seen = [ev["type"] for m in client.client.messages if m["t"] == "events" for ev in m["events"]]  # type: ignore[union-attr]
        assert seen.count("timer_expired") == 1, seen
