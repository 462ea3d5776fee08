"""Every saturation peer, smoke-sized: each really delivers every vote's event to every phone.

A few dozen phones, 20 votes/s for a second and a half, on every system with
one process and the Socket.IO and broadcaster peers with two on Redis. These
check the peers and the generator, not anyone's speed: no timing is asserted
(the full run is ``python -m bench saturate``; see docs/performance.md). A
peer that drops events fails the same check (the last test).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import socketio

from bench.cli import main
from bench.saturate.clients import encode_check
from bench.saturate.run import SystemRun
from bench.saturate.systems import PeerServer, plan
from testkit.redis_server import RedisServer

PHONES = 24
RATE = 20.0
DURATION = 1.5


async def smoke(name: str, workers: int, tmp_path: Path, redis: RedisServer | None,
                target: PeerServer | None = None, drain_bound: float = 10.0) -> dict[str, Any]:
    """One step of the saturation run, small; the point it measured."""
    p = plan(name, workers)
    run = SystemRun(p, tmp_path, redis, clients=PHONES, generators=1, sample=4, deflate=True, p99_bound_ms=1e9,
                    drain_bound=drain_bound, target=target)
    try:
        info = await run.start()
        assert info["connected"] == PHONES and not info["connect_failed"], info
        return await run.step(RATE, DURATION)
    finally:
        await run.stop()


def assert_every_phone_got_every_vote(point: dict[str, Any]) -> None:
    """Every vote accepted and acked, and its event at every phone once (within the drain bound)."""
    assert point["sent"] == round(RATE * DURATION), point
    assert point["accepted"] == point["sent"] and not point["refused"] and not point["unacked"], point
    assert point["lost"] == 0 and point["duplicated"] == 0, point
    assert point["events"] == point["accepted"] * PHONES, point  # every phone, every event (the witnesses' shortfalls are in lost)
    assert point["timed_events"] == point["accepted"] * len(range(0, PHONES, 4)), point


@pytest.mark.redis
@pytest.mark.parametrize(("name", "workers"), [
    ("metanet", 1), ("limit", 1), ("socketio-node", 1), ("socketio-py", 1), ("broadcaster", 1),
    ("socketio-node", 2), ("socketio-py", 2), ("broadcaster", 2),
])
async def test_each_peer_delivers_every_vote_to_every_phone(name: str, workers: int, tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis", durable=False) if plan(name, workers).uses_redis else None
    if redis is not None:
        redis.start()
    try:
        point = await smoke(name, workers, tmp_path, redis)
    finally:
        if redis is not None:
            redis.stop()
    point["system"] = f"{name} ×{workers}"
    assert_every_phone_got_every_vote(point)


async def test_the_phones_socket_io_matches_python_socketio_s_own_client(tmp_path: Path) -> None:
    """The generator's own Socket.IO phone and the library's AsyncClient see the same events from the Node peer."""
    encode_check()
    with PeerServer(tmp_path, "socketio-node", 1, None) as peer:
        got: list[dict[str, Any]] = []
        client = socketio.AsyncClient(reconnection=False)
        client.on("vote_placed", got.append)
        await client.connect(f"http://127.0.0.1:{peer.port}", transports=["websocket"],
                             auth={"board": "b1", "token": "t" * 20, "group": "g"})
        from bench.saturate.clients import SocketIOPhone
        from bench.wsclient import open_connection

        phone = SocketIOPhone("127.0.0.1", peer.port, "b1", "p" * 20, sample=True, deflate=True, group="g")
        await open_connection(phone, "127.0.0.1", peer.port)
        await asyncio.wait_for(phone.ready, 5)
        phone.vote("note-03", "op-1")
        ack = await client.call("vote", {"note": "note-04", "op": "op-2"}, timeout=5)
        assert ack == {"ok": True, "dots_left": 49}
        bad = await client.call("vote", {"note": "no-such-note", "op": "op-3"}, timeout=5)
        assert bad == {"ok": False, "code": "not_found"}
        for _ in range(100):
            if len(got) == 2 and phone.count == 2:
                break
            await asyncio.sleep(0.02)
        assert sorted(e["op"] for e in got) == ["op-1", "op-2"]
        assert sorted(op for op, _ in phone.arrivals) == ["op-1", "op-2"] and phone.count == 2
        assert [key for key, _ in phone.accepted] == ["op-1"]
        phone.abort()
        await client.disconnect()


async def test_a_peer_that_drops_events_fails_the_check(tmp_path: Path) -> None:
    lossy = PeerServer(tmp_path, "socketio-py", 1, None, app="tests.bench.lossy_peer:create_app")
    point = await smoke("socketio-py", 1, tmp_path, None, target=lossy, drain_bound=2.0)
    assert point["lost"] > 0 and not point["held"], point
    with pytest.raises(AssertionError):
        assert_every_phone_got_every_vote(point)


def test_saturate_prints_one_json_object_last_and_draws_the_plot(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    plot = tmp_path / "p99.png"
    assert main(["saturate", "--systems", "metanet,limit", "--clients", "12", "--rates", "4,8", "--duration", "0.5",
                 "--generators", "1", "--json", "--plot", str(plot)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    for name in ("metanet", "limit"):
        s = result["systems"][name]
        assert {"max_votes_per_s", "events_per_s_at_max", "cpu_us_per_event", "lost", "duplicated"} <= set(s)
        assert [pt["rate"] for pt in s["curve"]][:1] == [4.0] and s["lost"] == 0 and s["duplicated"] == 0
    assert "vs_socketio_node" not in result  # no Node peer in this run: no ratio made up
    assert plot.stat().st_size > 10_000 and plot.read_bytes()[:4] == b"\x89PNG"
    assert "max votes/s" in "\n".join(out[:-1])
