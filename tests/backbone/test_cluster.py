"""What only the Redis Cluster backbone does: keys on the board's shard, one connection per shard, WAIT."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from server.backbone import BackboneDown, from_url
from server.backbone.redis_cluster import ClusterBackbone
from testkit.redis_cluster import RedisCluster, key_slot

pytestmark = pytest.mark.redis

WAIT_MS = 300  # the replica wait of the test that takes a replica away
CLOSE_TIMEOUT = 5.0  # seconds for a shard's idle subscriber connection to be closed


def ev(n: int) -> dict[str, Any]:
    return {"type": "note_added", "n": n}


@pytest.fixture
async def backbone(redis_cluster: RedisCluster) -> AsyncIterator[ClusterBackbone]:
    backbone = ClusterBackbone(redis_cluster.url, replica_wait_ms=WAIT_MS)
    await backbone.start()
    yield backbone
    await backbone.close()


def boards_on_two_shards(cluster: RedisCluster) -> tuple[str, str]:
    first = "alpha"
    home = cluster.node_of(f"metanet:{{{first}}}:log").port
    other = next(f"b{i}" for i in range(100) if cluster.node_of(f"metanet:{{b{i}}}:log").port != home)
    return first, other


def our_pubsub_ports(cluster: RedisCluster) -> list[int]:
    """The nodes where this process has a subscriber connection."""
    name = f"metanet:{os.getpid()}:pubsub"
    ports = []
    for node in cluster.running():
        with node.client() as r:
            if any(c["name"] == name for c in r.client_list(_type="pubsub")):
                ports.append(node.port)
    return sorted(ports)


async def test_everything_of_a_board_is_in_its_slot_on_one_shard(
    backbone: ClusterBackbone, redis_cluster: RedisCluster
) -> None:
    board = "the-board"
    slot = key_slot(f"{{{board}}}")
    assert await backbone.append(board, 0, [ev(1)]) == 1
    assert await backbone.lease(f"writer:{board}", "me", 3.0) == "me"
    names = [f"metanet:{{{board}}}:log", backbone.lease_key(f"writer:{board}"), backbone.channel(board).decode(),
             backbone.inbox_channel(f"board:{board}").decode(), backbone.inbox_channel(f"presence:{board}").decode()]
    assert {key_slot(name) for name in names} == {slot}
    home = redis_cluster.node_of(names[0])
    with home.client() as r:
        assert r.execute_command("EXISTS", names[0], names[1]) == 2
    event = "e.the-event"
    await backbone.publish_summary(event, board, b"summary")
    assert key_slot(backbone.inbox_channel(f"summaries:{event}").decode()) == key_slot(f"{{{event}}}")
    assert await backbone.latest_summaries(event) == {board: b"summary"}


async def test_a_shards_subscriber_connection_opens_with_its_first_board_and_closes_with_its_last(
    backbone: ClusterBackbone, redis_cluster: RedisCluster
) -> None:
    one, two = boards_on_two_shards(redis_cluster)
    port_one = redis_cluster.node_of(f"metanet:{{{one}}}:log").port
    port_two = redis_cluster.node_of(f"metanet:{{{two}}}:log").port
    assert our_pubsub_ports(redis_cluster) == []
    async with backbone.subscribe(one) as first:
        assert our_pubsub_ports(redis_cluster) == [port_one]
        async with backbone.subscribe(two) as second, backbone.inbox(f"board:{two}") as inbox:
            assert our_pubsub_ports(redis_cluster) == sorted([port_one, port_two])  # one per shard, not per channel
            await backbone.append(two, 0, [ev(1)])
            assert (await asyncio.wait_for(anext(second), 5)).first == 1
            assert await backbone.post(f"board:{two}", b"hello") == 1
            assert await asyncio.wait_for(anext(inbox), 5) == b"hello"
        deadline = time.monotonic() + CLOSE_TIMEOUT
        while our_pubsub_ports(redis_cluster) != [port_one]:
            assert time.monotonic() < deadline, our_pubsub_ports(redis_cluster)
            await asyncio.sleep(0.05)
        await backbone.append(one, 0, [ev(1)])
        assert (await asyncio.wait_for(anext(first), 5)).first == 1


async def test_without_its_replica_an_append_waits_then_is_acknowledged_and_counted_unreplicated(
    backbone: ClusterBackbone, redis_cluster: RedisCluster
) -> None:
    board = "lonely"
    master = redis_cluster.node_of(f"metanet:{{{board}}}:log")
    replica_port = int(master.info("replication")["slave0"]["port"])  # type: ignore[index]
    replica = next(n for n in redis_cluster.nodes if n.port == replica_port)
    assert await backbone.append(board, 0, [ev(1)]) == 1
    assert backbone.unreplicated == 0  # with the replica there, WAIT 1 was answered
    replica.kill()
    try:
        began = time.monotonic()
        assert await backbone.append(board, 1, [ev(2)]) == 2
        waited = time.monotonic() - began
        assert backbone.unreplicated == 1
        assert waited >= WAIT_MS / 1000 * 0.9
        health = await backbone.health()
        assert health["unreplicated"] == 1 and health["replica_wait_ms"] == WAIT_MS
        assert await backbone.read(board) == [(1, ev(1)), (2, ev(2))]
    finally:
        replica.start()
        redis_cluster.wait_ok(redis_cluster.running())


async def test_a_cluster_url_that_names_no_node_is_refused_and_an_unreachable_one_says_so(tmp_path: Path) -> None:
    for url in ("redis+cluster://", "redis+cluster://host-without-port", "redis+cluster://h:1,nonsense"):
        with pytest.raises(ValueError, match="is not host:port"):
            from_url(url, tmp_path)
    backbone = from_url("redis+cluster://127.0.0.1:1", tmp_path)
    with pytest.raises(BackboneDown, match="cannot reach Redis"):
        await backbone.start()


async def test_a_board_whose_slot_moves_to_another_shard_mid_stream_loses_no_append_and_no_batch(
    backbone: ClusterBackbone, redis_cluster: RedisCluster
) -> None:
    """Appends follow ASK then MOVED; the subscriber is told its channel left (Redis unsubscribes it),
    subscribes on the new shard and fills the gap from the log, as a board does."""
    board = "moving"
    key = f"metanet:{{{board}}}:log"
    source = redis_cluster.node_of(key)
    target = next(n for n in redis_cluster.masters() if n is not source)
    stop = asyncio.Event()
    acked: list[int] = []
    heard: list[int] = []
    resubscribed = 0

    async def append() -> None:
        head = 0
        while not stop.is_set():
            head = await backbone.append(board, head, [ev(head + 1)])
            acked.append(head)
            await asyncio.sleep(0.005)

    async def follow() -> None:
        nonlocal resubscribed
        while True:
            try:
                async with backbone.subscribe(board) as batches:
                    heard.extend(seq for seq, _ in await backbone.read(board, heard[-1] if heard else 0))
                    async for batch in batches:
                        if batch.first > (heard[-1] if heard else 0):
                            heard.extend(range(batch.first, batch.last + 1))
            except BackboneDown:
                resubscribed += 1
                await asyncio.sleep(0.05)

    follower = asyncio.create_task(follow())
    writer = asyncio.create_task(append())
    await asyncio.sleep(0.3)
    await asyncio.to_thread(redis_cluster.migrate_slot, key, target, 0.3)
    await asyncio.sleep(0.5)
    stop.set()
    await writer
    deadline = time.monotonic() + 5
    while (heard[-1] if heard else 0) < acked[-1]:
        assert time.monotonic() < deadline, (heard[-10:], acked[-1])
        await asyncio.sleep(0.05)
    follower.cancel()
    assert redis_cluster.node_of(key) is target
    with target.client() as r:
        assert r.execute_command("EXISTS", key) == 1
    assert acked == list(range(1, len(acked) + 1)) and len(acked) > 20
    assert [seq for seq, _ in await backbone.read(board)] == acked
    assert heard == acked  # every batch once, in order
    assert resubscribed >= 1  # the old shard let go of the channel, and the subscriber heard of it
